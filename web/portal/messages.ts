/**
 * The portal's own messages (sign-in, status, what to do next), added to the shared catalogue when the
 * portal loads (the console's candidate page reuses the portal's commitment block, and so loads them too).
 */
import { idNumberMessages } from '../../functions/domain/id-number.js';
import { addMessages } from '../i18n.js';

const zh = {
  'portal.loginHeading': '考生登录',
  'portal.loginIntro': '请输入身份证号和姓名，我们会向您报名时登记的手机号发送短信验证码。',
  'field.idNumber': '身份证号',
  'field.idNumber.hint': '18位，最后一位可能是 X',
  'field.name': '姓名',
  'field.name.hint': '与身份证上的姓名一致',
  'field.code': '短信验证码',
  'field.code.hint': '6位数字',
  'field.idNumber.required': '请输入身份证号',
  'field.name.required': '请输入姓名',
  'field.code.required': '请输入短信验证码',
  'field.code.format': '验证码应为6位数字',
  // the domain's own wording, so the browser and the server say the same thing
  'idNumber.format': idNumberMessages.format,
  'idNumber.birthDate': idNumberMessages.birthDate,
  'idNumber.checksum': idNumberMessages.checksum,
  'name.too_small': '姓名至少2个字',
  'name.too_big': '姓名过长',
  'name.invalid_format': '姓名只能包含汉字、字母和间隔号',
  'portal.getCode': '获取验证码',
  'portal.resendIn': '{s} 秒后可重新获取',
  'portal.resend': '重新获取验证码',
  'portal.codeSent':
    '如果身份证号和姓名与合格人员名单相符，验证码已发送至您报名时登记的手机，{min} 分钟内有效。没有收到？请核对信息后重新获取。',
  'portal.codeFirst': '请先获取验证码',
  'portal.checking': '正在进行安全验证，请稍候…',
  'portal.challengeFailed': '安全验证未完成，请稍后重试',
  'portal.login': '登录',
  'portal.changeId': '更换身份证号',
  'portal.statusHeading': '我的办理进度',
  'portal.statusIntro': '以下是您的每一项考试的核查和证书办理情况。',
  'portal.noRecords': '暂无考试记录。',
  'portal.whatNext': '下一步',
  'rec.commitment': '报考条件在线核验',
  'rec.scoreRelease': '成绩公布日期',
  'next.verifying': '核查部门正在核查您的报考条件，核查结果公告后会以短信通知您。',
  'next.qualified': '您已核查合格。证书制作完成后，可按通知办理领取。',
  'next.unqualified': '您未通过资格核查。如有异议，可在公告规定的期限内提出复核申请。',
  'next.pending': '您的报考条件需要进一步核查，请留意短信通知，并在期限内补充材料。',
  'next.forfeited': '您未在期限内参加补充核查，视为放弃。',
  'next.revoked': '您的资格已被撤销，证书作废。',
  'act.verification': '资格核查中，核查部门将在 {deadline}前报送核查结果，结果将于核查结果公告后通知您。',
  'act.verification.open': '资格核查中，结果将于核查结果公告后通知您。',
  'act.results': '等待核查结果公告。公告发布后会以短信通知您核查结果。',
  'act.supplementary': '请在 {deadline}前参加补充资格核查{left}，逾期视为放弃考试资格。',
  'act.supplementary.open': '请参加补充资格核查，逾期视为放弃考试资格。期限以短信通知为准。',
  'act.supplementaryResults': '等待补充核查结果公告。公告发布后会以短信通知您。',
  'act.appeal': '如对核查结果有异议，请在 {deadline}前提出申辩{left}。',
  'act.appeal.open': '如对核查结果有异议，请在公告规定的期限内提出申辩。',
  'act.appealDecision': '您的申辩正在处理中，处理结果将在 {deadline}前通知您。',
  'act.appealDecision.open': '您的申辩正在处理中，处理结果将以短信通知您。',
  'act.electronic': '电子证书签发中，签发后可在线查看和下载。',
  'act.booking': '请在 {deadline}前预约证书邮寄{left}，邮费到付；未预约的证书安排现场领取。',
  'act.booking.open': '请预约证书邮寄，邮费到付；未预约的证书安排现场领取。',
  'act.arrival': '等待证书到达。证书到达后会以短信通知您。',
  'act.dispatch': '您已预约邮寄，证书将在 {deadline}前寄出，邮费到付。',
  'act.dispatch.open': '您已预约邮寄，证书到达后将尽快寄出，邮费到付。',
  'act.delivery': '证书已由中国邮政寄出，请留意签收，邮费到付。',
  'act.collection': '证书已到，请在 {deadline}前到现场领取{left}。',
  'act.collection.open': '证书已到，请到现场领取。',
  'act.successor': '正在办理，请稍后查看。',
  'act.done.qualified': '证书办理已完成。',
  'act.done.electronic': '电子证书已签发，可在线查看和下载。',
  'act.done.unqualified': '核查结果为不合格，办理已结束。',
  'act.left': '（{left}）',
  'act.provisional': '该期限为暂定：所在年份的节假日安排尚未公布，公布后可能调整，调整后会通知您。',
};

export type PortalMessageKey = keyof typeof zh;

const en: Record<PortalMessageKey, string> = {
  'portal.loginHeading': 'Sign in',
  'portal.loginIntro':
    'Enter your ID number and name. We will send a code by text message to the mobile number you registered with.',
  'field.idNumber': 'Resident ID number',
  'field.idNumber.hint': '18 characters; the last one may be X',
  'field.name': 'Name',
  'field.name.hint': 'As shown on your ID card',
  'field.code': 'Code from the text message',
  'field.code.hint': '6 digits',
  'field.idNumber.required': 'Enter your ID number',
  'field.name.required': 'Enter your name',
  'field.code.required': 'Enter the code from the text message',
  'field.code.format': 'The code is 6 digits',
  'idNumber.format': 'An ID number has 18 characters: 17 digits, then a digit or X',
  'idNumber.birthDate': 'The date of birth in this ID number does not exist; check it',
  'idNumber.checksum': 'The last character of this ID number does not match; check each character',
  'name.too_small': 'A name has at least 2 characters',
  'name.too_big': 'This name is too long',
  'name.invalid_format': 'Use Chinese characters, Latin letters and the middle dot (·) only',
  'portal.getCode': 'Send code',
  'portal.resendIn': 'You can ask for a new code in {s} s',
  'portal.resend': 'Send a new code',
  'portal.codeSent':
    'If the ID number and name match the list of passing candidates, a code has been sent to the phone you registered. It is valid for {min} minutes. Nothing arrived? Check your details and ask again.',
  'portal.codeFirst': 'Ask for a code first',
  'portal.checking': 'Running a security check, please wait…',
  'portal.challengeFailed': 'The security check did not finish; please try again later',
  'portal.login': 'Sign in',
  'portal.changeId': 'Use a different ID number',
  'portal.statusHeading': 'Your status',
  'portal.statusIntro': 'Verification and certificate progress for each of your exams.',
  'portal.noRecords': 'No exam records.',
  'portal.whatNext': 'What happens next',
  'rec.commitment': 'Online checks of entry requirements',
  'rec.scoreRelease': 'Scores released',
  'next.verifying':
    'The verifying department is checking your entry requirements. We will text you when the result is announced.',
  'next.qualified': 'You are verified. When your certificate is ready you will be told how to receive it.',
  'next.unqualified':
    'You did not pass verification. If you disagree, you can ask for a review within the period stated in the announcement.',
  'next.pending':
    'Your entry requirements need a further check. Watch for a text message and supply documents before the deadline.',
  'next.forfeited': 'You did not take part in the supplementary check in time, so it counts as withdrawn.',
  'next.revoked': 'Your qualification has been revoked and the certificate is void.',
  'act.verification':
    'Your entry requirements are being verified. The verifying department reports its results by {deadline}; you will be told yours when the results are announced.',
  'act.verification.open':
    'Your entry requirements are being verified; you will be told the result when the results are announced.',
  'act.results': 'Waiting for the verification results to be announced. We will text you your result.',
  'act.supplementary':
    'Take part in the supplementary verification by {deadline}{left}. If you do not, your exam result is forfeited.',
  'act.supplementary.open':
    'Take part in the supplementary verification before the deadline in your text message. If you do not, your exam result is forfeited.',
  'act.supplementaryResults':
    'Waiting for the supplementary verification results to be announced. We will text you.',
  'act.appeal': 'If you disagree with the verification result, appeal by {deadline}{left}.',
  'act.appeal.open':
    'If you disagree with the verification result, appeal within the period stated in the announcement.',
  'act.appealDecision': 'Your appeal is being decided. You will be told the decision by {deadline}.',
  'act.appealDecision.open': 'Your appeal is being decided. We will text you the decision.',
  'act.electronic':
    'Your electronic certificate is being issued. Once issued you can view and download it online.',
  'act.booking':
    'Book postage for your certificate by {deadline}{left}; postage is paid on delivery. Certificates not booked are handed out in person.',
  'act.booking.open':
    'Book postage for your certificate; postage is paid on delivery. Certificates not booked are handed out in person.',
  'act.arrival': 'Waiting for the certificates to arrive. We will text you when they do.',
  'act.dispatch':
    'You have booked postage. Your certificate will be posted by {deadline}; postage is paid on delivery.',
  'act.dispatch.open':
    'You have booked postage. Your certificate will be posted soon after it arrives; postage is paid on delivery.',
  'act.delivery': 'Your certificate has been posted by China Post. Postage is paid on delivery.',
  'act.collection': 'Your certificate has arrived. Collect it in person by {deadline}{left}.',
  'act.collection.open': 'Your certificate has arrived. Collect it in person.',
  'act.successor': 'In progress. Please check again later.',
  'act.done.qualified': 'Your certificate has been dealt with.',
  'act.done.electronic': 'Your electronic certificate has been issued. You can view and download it online.',
  'act.done.unqualified': 'The verification result is: not qualified. This case is closed.',
  'act.left': ' ({left})',
  'act.provisional':
    'This deadline is provisional: the public holidays for its year have not been published yet. It may change once they are, and you will be told.',
};

addMessages({ 'zh-CN': zh, en });
