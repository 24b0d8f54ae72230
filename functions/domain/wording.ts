/**
 * The official wording of every message the system sends a candidate (SMS through the outbox), in one
 * place so that a change of wording is one change and reviewers see every text together. Each text
 * starts with the sender's signature, as China's SMS rules require. Deadlines are shown as their last
 * day and "24:00（北京时间）" (T4).
 */
import { formatDeadline, todayInChina } from './calendar.js';
import type { CandidateStatus } from './candidate.js';

/** A message for a candidate: the template key (for the outbox and its statistics) and the text. */
export interface Notice {
  template: string;
  text: string;
}

export const SIGNATURE = '【河南省人社厅】';

/** Status as words (UI.md: status is shown as words, never colour alone). */
export const statusWords: Record<CandidateStatus, string> = {
  verifying: '核查中',
  qualified: '合格',
  unqualified: '不合格',
  pending: '报考条件待核查',
  forfeited: '已放弃',
  revoked: '已撤销',
};

/** T4: a deadline is stored as the instant it ends (next day 00:00 +08:00); shown as its last day, 24:00. */
export const deadlineText = (endsAt: string): string =>
  formatDeadline(todayInChina(new Date(Date.parse(endsAt) - 1)), 'zh');

/** R19, R20: where an on-site certificate stands (functions/domain/collection.ts paperStatusOf). */
export const paperStatusWords = {
  awaitingCollection: '待现场领取',
  inCustody: '代为保管',
  transferListed: '登记待移交',
  transferred: '已移交',
  collected: '已领取',
} as const;

const sms = (template: string, text: string): Notice => ({ template, text: `${SIGNATURE}${text}` });

/** What a reminder asks the candidate to do, per phase with a reminder. */
const remindedAct: Record<string, string> = {
  supplementary: '参加补充资格核查（上传证明材料）',
  appeal: '提出申辩',
  booking: '预约证书邮寄',
  collection: '现场领取证书',
};

/** A decision's reasons in a message, and where the candidate reads them in full. */
const reasonText = (reason?: string) => (reason ? `理由：${reason}（详见考生服务平台）` : '');

export const notices = {
  otp: (code: string) => sms('otp', `您的登录验证码为 ${code}，5分钟内有效。请勿告诉他人。`),
  /** R12 */
  forfeited: (deadline: string) =>
    sms(
      'forfeited',
      `您未在补充资格核查截止时间（${deadlineText(deadline)}）前参加核查，按规定视为放弃考试资格。`,
    ),
  /** R18: the booking recorded, changed, cancelled */
  booked: (reference: string | undefined, closesAt: string) =>
    sms(
      'booked',
      `您已预约证书邮寄${reference ? `，预约号 ${reference}` : ''}。证书到达后由中国邮政寄出，邮费到付；${deadlineText(closesAt)}前可登录变更或取消。`,
    ),
  bookingChanged: (reference: string) =>
    sms('bookingChanged', `您的证书邮寄地址已变更（预约号 ${reference}），将按新地址寄出。`),
  bookingCancelled: (closesAt?: string) =>
    sms(
      'bookingCancelled',
      `您已取消证书邮寄预约${closesAt ? `，${deadlineText(closesAt)}前可重新预约` : ''}；未预约的证书安排现场领取。`,
    ),
  /** R18 → R19 */
  bookingClosed: () => sms('bookingClosed', '证书邮寄预约已截止，您的证书将现场发放，领取时间地点另行通知。'),
  reminder: (phase: string, deadline: string) =>
    sms(
      `reminder.${phase}`,
      `提醒：请于${deadlineText(deadline)}前${remindedAct[phase] ?? '办理'}，逾期不再受理。`,
    ),
  /** R9: the result, and what the candidate can do next with its deadline (R10–R12) */
  result: (status: CandidateStatus, supplementaryDue: string) => {
    const next: Partial<Record<CandidateStatus, string>> = {
      qualified: '核查合格。',
      unqualified: `核查不合格，如有异议可于${deadlineText(supplementaryDue)}前提出申辩。`,
      pending: `报考条件待核查，请于${deadlineText(supplementaryDue)}前参加补充资格核查，逾期视为放弃考试资格。`,
    };
    return sms('result', `您的考后资格核查结果已公告：${next[status] ?? `${statusWords[status]}。`}`);
  },
  /** R13 */
  supplementaryResult: (status: CandidateStatus) =>
    sms('supplementaryResult', `您的补充资格核查结果已公告：${statusWords[status]}。`),
  /** R11: the appeal decided, with the verifier's reasons when given */
  appealUpheld: (reason?: string) =>
    sms('appealUpheld', `您的申辩已核实成立，核查结论改为合格。${reasonText(reason)}`),
  appealRejected: (reason?: string) =>
    sms('appealRejected', `您的申辩经复核不成立，维持核查不合格结论。${reasonText(reason)}`),
  /** R17 */
  eCert: () => sms('eCert', '您的电子证书已签发，可登录考生服务查看和下载。'),
  /** N3, R19, R20 */
  collectOnSite: (custodyEnds: string) =>
    sms('collectOnSite', `您的证书已到，请携带身份证到现场领取，保管期至${deadlineText(custodyEnds)}。`),
  dispatched: (trackingNo: string) =>
    sms('dispatched', `您的证书已由中国邮政寄出，运单号 ${trackingNo}，邮费到付。`),
  /** R19: collected on site, by the candidate or by a proxy */
  collected: (byProxy: boolean) =>
    sms(
      'collected',
      byProxy
        ? '您的证书已由您委托的代领人现场领取。如非本人委托，请立即联系发证机构。'
        : '您的证书已现场领取。',
    ),
  /** R20: kept uncollected: reminded once a year until custody ends */
  custodyReminder: (custodyEnds: string) =>
    sms(
      'reminder.custody',
      `您的证书尚未领取，现由发证机构代为保管至${deadlineText(custodyEnds)}，请携带身份证到现场领取；逾期将移交人社部门。`,
    ),
  /** a first delivery failed: the second attempt */
  deliveryRetry: (reason?: string) =>
    sms(
      'deliveryRetry',
      `您的证书投递未成功${reason ? `（${reason.slice(0, 30)}）` : ''}，将再次寄出，寄出时短信告知新运单号。`,
    ),
  /** R19: failed twice → on site */
  deliveryFailed: () => sms('deliveryFailed', '您的证书两次投递未成功，已转为现场领取。'),
  /** N1: the proposed revocation is served (the letter is in the portal) with the defence deadline */
  revocationProposed: (examName: string, defenceEndsAt: string) =>
    sms(
      'revocationProposed',
      `您${examName}的资格拟被撤销，事先告知书已送达考生服务平台。您可于${deadlineText(defenceEndsAt)}前登录提交陈述申辩。`,
    ),
  /** N1: the decision letter is served (the letter is in the portal) */
  revocationDecided: (examName: string, revoked: boolean) =>
    sms(
      revoked ? 'revocationRevoked' : 'revocationClosed',
      revoked
        ? `您${examName}的资格已决定撤销，决定书已送达考生服务平台。不服的，可于60日内申请行政复议或6个月内提起行政诉讼。`
        : `您${examName}的撤销资格案件经审查不予撤销，已结案，决定书已送达考生服务平台。`,
    ),
} as const;
