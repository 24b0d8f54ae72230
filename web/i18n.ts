/**
 * The one message catalogue for every page. Simplified Chinese is the default; English is a toggle whose
 * choice is remembered in localStorage and reflected in `<html lang>`.
 *
 * Components call `t('key')` during render; the app root subscribes with `useLang()` so that a switch
 * re-renders the whole tree. At build time the static pages are rendered with `setLang()` per language.
 */
import { useEffect, useState } from 'preact/hooks';
import { idNumberMessages } from '../functions/domain/id-number.js';

export type Lang = 'zh-CN' | 'en';
export const LANGS: readonly Lang[] = ['zh-CN', 'en'];
export const STORAGE_KEY = 'cw.lang';

const zh = {
  'site.name': '河南省专业技术人员职业资格考试证书服务',
  'site.owner': '河南省人力资源和社会保障厅',
  'site.footer': '本服务由河南省人力资源和社会保障厅提供。页面中的身份证号按规定部分隐藏。',
  'lang.switchTo': 'English',
  'lang.switchLabel': 'Switch to English',
  'skip.main': '跳到主要内容',
  'nav.home': '首页',
  'nav.portal': '考生服务',
  'nav.console': '部门工作台',
  'nav.main': '主导航',
  loading: '正在加载…',
  'noscript.app': '此页面需要启用 JavaScript 才能登录办理。公告和办理流程可在首页查看。',
  'error.summaryTitle': '请更正以下问题',
  'error.network': '无法连接服务器，请检查网络后重试',
  'error.session': '登录已过期，请重新登录',
  'error.generic': '系统繁忙，请稍后再试',
  'error.prefix': '错误：',
  logout: '退出登录',
  signedInAs: '当前用户',

  'home.title': '首页',
  'home.lead': '为通过职业资格考试的考生办理资格核查和证书发放：从成绩公布到领到证书，每一步的期限都在这里。',
  'home.processHeading': '办理流程',
  'home.step1.title': '公示',
  'home.step1.body': '成绩公布后，合格人员名单在本站公示，身份证号部分隐藏。',
  'home.step2.title': '资格核查',
  'home.step2.body':
    '核查部门核对报考条件（学历、专业、工作年限）。需要补充材料的考生会收到短信通知，请在期限内办理。',
  'home.step3.title': '领取证书',
  'home.step3.body': '核查合格后：纸质证书可预约邮寄或现场领取；电子证书在线发放，可随时查看和下载。',
  'home.announcementsHeading': '公告',
  'home.announcementsEmpty': '暂无公告',
  'home.servicesHeading': '办理入口',
  'home.portalLink': '考生登录',
  'home.portalHint': '查看核查结果和证书办理进度。使用身份证号、姓名和短信验证码登录。',
  'home.consoleLink': '部门工作台',
  'home.consoleHint': '供人社部门、核查部门和行业协会工作人员使用。',

  'portal.title': '考生服务',
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
  'portal.codeSent': '验证码已发送至 {phone}，{min} 分钟内有效。',
  'portal.login': '登录',
  'portal.changeId': '更换身份证号',
  'portal.statusHeading': '我的办理进度',
  'portal.statusIntro': '以下是您的每一项考试的核查和证书办理情况。',
  'portal.noRecords': '暂无考试记录。',
  'portal.whatNext': '下一步',

  'rec.exam': '考试',
  'rec.status': '状态',
  'rec.idNumber': '身份证号',
  'rec.city': '所在城市',
  'rec.commitment': '报考条件在线核验',
  'rec.certificate': '证书类型',
  'rec.updatedAt': '更新时间',
  'rec.phone': '手机号',
  'rec.name': '姓名',
  'rec.scoreRelease': '成绩公布日期',

  'status.verifying': '核查中',
  'status.qualified': '合格',
  'status.unqualified': '不合格',
  'status.pending': '报考条件待核查',
  'status.forfeited': '已放弃',
  'status.revoked': '已撤销',
  'next.verifying': '核查部门正在核查您的报考条件，核查结果公告后会以短信通知您。',
  'next.qualified': '您已核查合格。证书制作完成后，可按通知办理领取。',
  'next.unqualified': '您未通过资格核查。如有异议，可在公告规定的期限内提出复核申请。',
  'next.pending': '您的报考条件需要进一步核查，请留意短信通知，并在期限内补充材料。',
  'next.forfeited': '您未在期限内参加补充核查，视为放弃。',
  'next.revoked': '您的资格已被撤销，证书作废。',

  'check.education': '学历',
  'check.major': '专业',
  'check.workYears': '工作年限',
  'check.passed': '通过',
  'check.failed': '未通过',
  'check.manual': '需人工核查',
  'check.none': '不适用',

  'cert.paper': '纸质证书',
  'cert.electronic': '电子证书',
  'cert.unknown': '—',

  'console.title': '部门工作台',
  'console.loginHeading': '工作人员登录',
  'field.username': '用户名',
  'field.password': '密码',
  'field.username.required': '请输入用户名',
  'field.password.required': '请输入密码',
  'console.login': '登录',
  'console.nav': '工作台导航',
  'console.navExams': '考试',
  'console.navOutbox': '消息',
  'role.hr': '人社部门',
  'role.verifier': '核查部门',
  'role.association': '行业协会',

  'exams.heading': '考试',
  'exams.caption': '本部门可查看的考试，共 {n} 项',
  'exams.name': '考试名称',
  'exams.type': '类别',
  'exams.scoreRelease': '成绩公布日期',
  'exams.certificate': '证书类型',
  'exams.queue': '考生',
  'exams.queueLink': '查看考生',
  'exams.empty': '暂无考试。',

  'queue.heading': '考生名单',
  'queue.filters': '筛选',
  'queue.city': '城市',
  'queue.allCities': '全部城市',
  'queue.status': '状态',
  'queue.allStatuses': '全部状态',
  'queue.apply': '筛选',
  'queue.shown': '本页显示 {n} 人',
  'queue.more': '（还有更多）',
  'queue.next': '下一页',
  'queue.pagination': '分页',
  'queue.first': '回到第一页',
  'queue.empty': '没有符合条件的考生。',
  'queue.back': '返回考试列表',
  'queue.caption': '{exam} · 考生名单',

  'cand.heading': '考生详情',
  'cand.back': '返回考生名单',

  'outbox.heading': '消息发送记录',
  'outbox.day': '日期',
  'outbox.show': '查看',
  'outbox.caption': '{day} 的消息，共 {n} 条',
  'outbox.time': '时间',
  'outbox.channel': '渠道',
  'outbox.to': '接收人',
  'outbox.text': '内容',
  'outbox.status': '状态',
  'outbox.empty': '当天没有消息。',
  'outbox.forbidden': '只有人社部门账号可以查看消息发送记录。',
  'channel.sms': '短信',
  'channel.email': '邮件',
  'msg.queued': '待发送',
  'msg.sent': '已发送',
  'msg.failed': '发送失败',

  'date.beijing': '（北京时间）',
  'deadline.by': '{date} 24:00（北京时间）前',
  'deadline.left': '还剩 {n} 天',
  'deadline.passed': '已截止',
  'page.of': '{page} - {site}',
};

export type MessageKey = keyof typeof zh;

const en: Record<MessageKey, string> = {
  'site.name': 'Henan Professional Qualification Exam Certificate Service',
  'site.owner': 'Henan Department of Human Resources and Social Security',
  'site.footer':
    'This service is provided by the Henan Department of Human Resources and Social Security. ID numbers are partly hidden as required.',
  'lang.switchTo': '中文',
  'lang.switchLabel': '切换到中文',
  'skip.main': 'Skip to main content',
  'nav.home': 'Home',
  'nav.portal': 'Candidate services',
  'nav.console': 'Department console',
  'nav.main': 'Main navigation',
  loading: 'Loading…',
  'noscript.app':
    'This page needs JavaScript to sign in. Announcements and the process are on the home page.',
  'error.summaryTitle': 'There is a problem',
  'error.network': 'Could not reach the server. Check your connection and try again.',
  'error.session': 'Your session has expired. Please sign in again.',
  'error.generic': 'The service is busy. Please try again later.',
  'error.prefix': 'Error: ',
  logout: 'Sign out',
  signedInAs: 'Signed in as',

  'home.title': 'Home',
  'home.lead':
    'Qualification verification and certificates for candidates who passed a professional qualification exam: every step and its deadline, from score release to certificate in hand.',
  'home.processHeading': 'How it works',
  'home.step1.title': 'Public notice',
  'home.step1.body':
    'After scores are released, the list of candidates who passed is published here, with ID numbers partly hidden.',
  'home.step2.title': 'Verification',
  'home.step2.body':
    'The verifying department checks the entry requirements (education, major, years of work). If you need to supply documents, you will get a text message; act before the deadline.',
  'home.step3.title': 'Certificate',
  'home.step3.body':
    'Once verified: a paper certificate can be posted to you or collected in person; an electronic certificate is issued online and can be viewed and downloaded at any time.',
  'home.announcementsHeading': 'Announcements',
  'home.announcementsEmpty': 'No announcements yet',
  'home.servicesHeading': 'Services',
  'home.portalLink': 'Candidate sign-in',
  'home.portalHint':
    'See your verification result and certificate progress. Sign in with your ID number, name and a text-message code.',
  'home.consoleLink': 'Department console',
  'home.consoleHint': 'For staff of the HR department, verifying departments and associations.',

  'portal.title': 'Candidate services',
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
  'portal.codeSent': 'We sent a code to {phone}. It is valid for {min} minutes.',
  'portal.login': 'Sign in',
  'portal.changeId': 'Use a different ID number',
  'portal.statusHeading': 'Your status',
  'portal.statusIntro': 'Verification and certificate progress for each of your exams.',
  'portal.noRecords': 'No exam records.',
  'portal.whatNext': 'What happens next',

  'rec.exam': 'Exam',
  'rec.status': 'Status',
  'rec.idNumber': 'ID number',
  'rec.city': 'City',
  'rec.commitment': 'Online checks of entry requirements',
  'rec.certificate': 'Certificate',
  'rec.updatedAt': 'Updated',
  'rec.phone': 'Mobile',
  'rec.name': 'Name',
  'rec.scoreRelease': 'Scores released',

  'status.verifying': 'Being verified',
  'status.qualified': 'Qualified',
  'status.unqualified': 'Not qualified',
  'status.pending': 'Requirements to be checked',
  'status.forfeited': 'Forfeited',
  'status.revoked': 'Revoked',
  'next.verifying':
    'The verifying department is checking your entry requirements. We will text you when the result is announced.',
  'next.qualified': 'You are verified. When your certificate is ready you will be told how to receive it.',
  'next.unqualified':
    'You did not pass verification. If you disagree, you can ask for a review within the period stated in the announcement.',
  'next.pending':
    'Your entry requirements need a further check. Watch for a text message and supply documents before the deadline.',
  'next.forfeited': 'You did not take part in the supplementary check in time, so it counts as withdrawn.',
  'next.revoked': 'Your qualification has been revoked and the certificate is void.',

  'check.education': 'Education',
  'check.major': 'Major',
  'check.workYears': 'Years of work',
  'check.passed': 'Passed',
  'check.failed': 'Not passed',
  'check.manual': 'Needs a manual check',
  'check.none': 'Not applicable',

  'cert.paper': 'Paper certificate',
  'cert.electronic': 'Electronic certificate',
  'cert.unknown': '—',

  'console.title': 'Department console',
  'console.loginHeading': 'Staff sign-in',
  'field.username': 'Username',
  'field.password': 'Password',
  'field.username.required': 'Enter your username',
  'field.password.required': 'Enter your password',
  'console.login': 'Sign in',
  'console.nav': 'Console navigation',
  'console.navExams': 'Exams',
  'console.navOutbox': 'Messages',
  'role.hr': 'HR department',
  'role.verifier': 'Verifying department',
  'role.association': 'Association',

  'exams.heading': 'Exams',
  'exams.caption': 'Exams your department can see: {n}',
  'exams.name': 'Exam',
  'exams.type': 'Type',
  'exams.scoreRelease': 'Scores released',
  'exams.certificate': 'Certificate',
  'exams.queue': 'Candidates',
  'exams.queueLink': 'View candidates',
  'exams.empty': 'No exams.',

  'queue.heading': 'Candidates',
  'queue.filters': 'Filters',
  'queue.city': 'City',
  'queue.allCities': 'All cities',
  'queue.status': 'Status',
  'queue.allStatuses': 'All statuses',
  'queue.apply': 'Apply filters',
  'queue.shown': '{n} shown on this page',
  'queue.more': ' (more available)',
  'queue.next': 'Next page',
  'queue.pagination': 'Pages',
  'queue.first': 'Back to first page',
  'queue.empty': 'No candidates match.',
  'queue.back': 'Back to exams',
  'queue.caption': '{exam} · candidates',

  'cand.heading': 'Candidate',
  'cand.back': 'Back to candidates',

  'outbox.heading': 'Messages sent',
  'outbox.day': 'Date',
  'outbox.show': 'Show',
  'outbox.caption': 'Messages on {day}: {n}',
  'outbox.time': 'Time',
  'outbox.channel': 'Channel',
  'outbox.to': 'To',
  'outbox.text': 'Text',
  'outbox.status': 'Status',
  'outbox.empty': 'No messages on this day.',
  'outbox.forbidden': 'Only HR department accounts can see the messages sent.',
  'channel.sms': 'SMS',
  'channel.email': 'Email',
  'msg.queued': 'Queued',
  'msg.sent': 'Sent',
  'msg.failed': 'Failed',

  'date.beijing': ' (Beijing time)',
  'deadline.by': 'by 24:00 on {date} (Beijing time)',
  'deadline.left': '{n} days left',
  'deadline.passed': 'Closed',
  'page.of': '{page} - {site}',
};

const catalogue: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zh, en };

let current: Lang = 'zh-CN';
const listeners = new Set<() => void>();

export const getLang = (): Lang => current;

/** A message in the current language, with `{name}` placeholders filled in. */
export function t(key: MessageKey, vars?: Record<string, string | number>): string {
  const s = catalogue[current][key];
  if (!vars) return s;
  return s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

const isLang = (v: unknown): v is Lang => v === 'zh-CN' || v === 'en';

/** The language to start with in the browser: the remembered choice, else the page's own `lang`. */
export function initialLang(): Lang {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isLang(stored)) return stored;
  } catch {
    // storage blocked (private mode in some in-app browsers): fall through
  }
  const docLang = typeof document === 'undefined' ? '' : document.documentElement.lang;
  return docLang === 'en' ? 'en' : 'zh-CN';
}

/** Switch language; in the browser also remember it and set `<html lang>`. */
export function setLang(lang: Lang, remember = false): void {
  current = lang;
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
  if (remember) {
    try {
      localStorage.setItem(STORAGE_KEY, lang);
    } catch {
      // not remembered; the switch still applies to this page
    }
  }
  for (const f of listeners) f();
}

export const otherLang = (l: Lang): Lang => (l === 'en' ? 'zh-CN' : 'en');

/** Re-render the caller when the language changes; returns the current language. */
export function useLang(): Lang {
  const [lang, set] = useState(current);
  useEffect(() => {
    const f = () => set(current);
    listeners.add(f);
    f();
    return () => {
      listeners.delete(f);
    };
  }, []);
  return lang;
}
