/** The public home's own messages, added to the shared catalogue when the page loads or is prerendered. */
import { addMessages } from '../i18n.js';

const zh = {
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
};

export type PublicMessageKey = keyof typeof zh;

const en: Record<PublicMessageKey, string> = {
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
};

addMessages({ 'zh-CN': zh, en });
