/**
 * A candidate's timeline (GET …/candidates/{personId}/timeline), shared by the console's candidate page
 * and the portal: every act and automatic transition, newest first, as an ordered list that reads on a
 * phone (no table). Each line: when (Beijing time), what in words, who (the department, 系统, 考生本人 or
 * 公众 — never a person, N4), the status before and after, and the reason. An action the words below do
 * not know yet (one added on the server later) still shows, as 其他记录 with its name.
 */
import { Loading, Problem } from './components.js';
import { formatDateTime } from './format.js';
import { addMessages, type MessageKey, t } from './i18n.js';

export type ActorKind = 'staff' | 'system' | 'candidate' | 'public';

/** One item as the API returns it (functions/domain/timeline.ts TimelineItem). */
export interface TimelineEntry {
  at: string;
  action: string;
  actorDept: string | null;
  actorKind?: ActorKind;
  from: string | null;
  to: string | null;
  reason: string | null;
}

const zh = {
  'tl.heading': '办理记录',
  'tl.intro': '每一次办理和自动处理，最新的在前。',
  'tl.none': '暂无办理记录。',
  'tl.more': '仅显示最近 {n} 条记录。',
  'tl.by': '办理方',
  'tl.change': '状态',
  'tl.reason': '原因',
  'tl.actor.staff': '工作人员',
  'tl.actor.system': '系统自动处理',
  'tl.actor.candidate': '考生本人',
  'tl.actor.public': '社会公众',
  'tl.action.other': '其他记录（{action}）',
  'tl.action.reminder': '截止提醒：{phase}',
  'tl.action.candidate.imported': '合格人员名单导入（更新考生信息）',
  'tl.action.objection.received': '公示期间收到异议',
  'tl.action.lifecycle.reopened': '省级核查部门重新打开核查结论（R24）',
  'tl.action.candidate.spotDrawn': '被随机抽中，列入现场核查（R23）',
  'tl.action.lifecycle.executionStarted': '办理流程启动',
  'tl.action.lifecycle.failed': '流程任务失败，待技术人员处理',
  'tl.action.lifecycle.pending': '核查期满未完成，转为报考条件待核查（R7）',
  'tl.action.lifecycle.forfeited': '未参加补充资格核查，视为放弃考试资格（R12）',
  'tl.action.lifecycle.appealClosed': '申辩期届满',
  'tl.action.lifecycle.bookingClosed': '邮寄预约期届满，改为现场领取（R19）',
  'tl.action.lifecycle.custody': '逾期未领取，证书登记造册移交（R20）',
  'tl.action.lifecycle.verified': '作出资格核查结论',
  'tl.action.lifecycle.resultsAnnounced': '核查结果公告，已通知考生（R9）',
  'tl.action.lifecycle.supplementaryJoined': '参加补充资格核查',
  'tl.action.lifecycle.supplementaryDecided': '作出补充资格核查结论',
  'tl.action.lifecycle.supplementaryAnnounced': '补充核查结果公告（R13）',
  'tl.action.lifecycle.appealFiled': '提出申辩',
  'tl.action.lifecycle.appealDecided': '申辩处理完毕',
  'tl.action.lifecycle.eCertIssued': '电子证书已签发（R17）',
  'tl.action.lifecycle.booked': '预约证书邮寄',
  'tl.action.lifecycle.bookingChanged': '变更邮寄地址',
  'tl.action.lifecycle.bookingCancelled': '取消邮寄预约',
  'tl.action.lifecycle.bookingLocked': '邮寄预约已锁定交寄（R18）',
  'tl.action.lifecycle.certificatesArrived': '纸质证书已到达',
  'tl.action.lifecycle.dispatched': '证书已寄出',
  'tl.action.lifecycle.delivered': '证书已签收',
  'tl.action.lifecycle.deliveryFailed': '证书投递未成功',
  'tl.action.lifecycle.collected': '已现场领取证书',
  'tl.action.lifecycle.revoked': '撤销资格（R14）',
  'tl.action.revocation.opened': '撤销资格立案（R14、R15）',
  'tl.action.revocation.proposed': '送达撤销资格事先告知书（N1）',
  'tl.action.revocation.defended': '提交陈述申辩（N1）',
  'tl.action.revocation.waived': '放弃陈述申辩（N1）',
  'tl.action.revocation.decided': '作出撤销资格案件决定，待审批（N1）',
  'tl.action.revocation.closed': '不予撤销资格，结案（N1）',
  'tl.action.material.uploadUrl': '开始上传材料（R23）',
  'tl.action.material.recorded': '上传的材料已接收（R23）',
  'tl.action.material.refused': '上传的文件未被接收（按内容判断，R23）',
  'tl.phase.supplementary': '补充资格核查',
  'tl.phase.appeal': '申辩',
  'tl.phase.booking': '证书邮寄预约',
  'tl.phase.collection': '现场领取证书',
  'tl.reason.education': '学历不符',
  'tl.reason.major': '专业不符',
  'tl.reason.workYears': '工作年限不足',
  'tl.reason.commitment': '未履行承诺',
  'tl.reason.materials': '材料不实',
  'tl.reason.other': '其他',
  'tl.reason.upheld': '申辩成立',
  'tl.reason.rejected': '申辩不成立',
};

export type TimelineMessageKey = keyof typeof zh;

const en: Record<TimelineMessageKey, string> = {
  'tl.heading': 'Case history',
  'tl.intro': 'Every act and automatic step, newest first.',
  'tl.none': 'Nothing recorded yet.',
  'tl.more': 'Only the latest {n} records are shown.',
  'tl.by': 'By',
  'tl.change': 'Status',
  'tl.reason': 'Reason',
  'tl.actor.staff': 'Staff',
  'tl.actor.system': 'Automatic',
  'tl.actor.candidate': 'The candidate',
  'tl.actor.public': 'A member of the public',
  'tl.action.other': 'Other record ({action})',
  'tl.action.reminder': 'Deadline reminder: {phase}',
  'tl.action.candidate.imported': 'Passing list imported (details updated)',
  'tl.action.objection.received': 'Objection received during the notice',
  'tl.action.lifecycle.reopened': 'Decision reopened by the provincial verifier (R24)',
  'tl.action.candidate.spotDrawn': 'Drawn at random for an on-site check (R23)',
  'tl.action.lifecycle.executionStarted': 'Case workflow started',
  'tl.action.lifecycle.failed': 'A workflow step failed; waiting for support',
  'tl.action.lifecycle.pending': 'Not decided by the deadline: requirements to be checked (R7)',
  'tl.action.lifecycle.forfeited': 'No supplementary verification: qualification forfeited (R12)',
  'tl.action.lifecycle.appealClosed': 'Appeal period ended',
  'tl.action.lifecycle.bookingClosed': 'Booking period ended: collect on site (R19)',
  'tl.action.lifecycle.custody': 'Not collected: certificate registered for transfer (R20)',
  'tl.action.lifecycle.verified': 'Verification decided',
  'tl.action.lifecycle.resultsAnnounced': 'Result announced; candidate notified (R9)',
  'tl.action.lifecycle.supplementaryJoined': 'Took part in supplementary verification',
  'tl.action.lifecycle.supplementaryDecided': 'Supplementary verification decided',
  'tl.action.lifecycle.supplementaryAnnounced': 'Supplementary result announced (R13)',
  'tl.action.lifecycle.appealFiled': 'Appeal filed',
  'tl.action.lifecycle.appealDecided': 'Appeal decided',
  'tl.action.lifecycle.eCertIssued': 'Electronic certificate issued (R17)',
  'tl.action.lifecycle.booked': 'Certificate mail booked',
  'tl.action.lifecycle.bookingChanged': 'Mailing address changed',
  'tl.action.lifecycle.bookingCancelled': 'Mail booking cancelled',
  'tl.action.lifecycle.bookingLocked': 'Mail booking locked for dispatch (R18)',
  'tl.action.lifecycle.certificatesArrived': 'Paper certificates arrived',
  'tl.action.lifecycle.dispatched': 'Certificate posted',
  'tl.action.lifecycle.delivered': 'Certificate delivered',
  'tl.action.lifecycle.deliveryFailed': 'Delivery failed',
  'tl.action.lifecycle.collected': 'Certificate collected on site',
  'tl.action.lifecycle.revoked': 'Qualification revoked (R14)',
  'tl.action.revocation.opened': 'Revocation case opened (R14, R15)',
  'tl.action.revocation.proposed': 'Proposed revocation served (N1)',
  'tl.action.revocation.defended': 'Statement and defence submitted (N1)',
  'tl.action.revocation.waived': 'Statement and defence waived (N1)',
  'tl.action.revocation.decided': 'Revocation case decided, awaiting approval (N1)',
  'tl.action.revocation.closed': 'Not revoked, case closed (N1)',
  'tl.action.material.uploadUrl': 'Upload of a material started (R23)',
  'tl.action.material.recorded': 'Uploaded material received (R23)',
  'tl.action.material.refused': 'Uploaded file not accepted (checked by content, R23)',
  'tl.phase.supplementary': 'supplementary verification',
  'tl.phase.appeal': 'appeal',
  'tl.phase.booking': 'certificate mail booking',
  'tl.phase.collection': 'collection on site',
  'tl.reason.education': 'Education does not match',
  'tl.reason.major': 'Major does not match',
  'tl.reason.workYears': 'Not enough years of work',
  'tl.reason.commitment': 'Commitment not kept',
  'tl.reason.materials': 'Materials not genuine',
  'tl.reason.other': 'Other',
  'tl.reason.upheld': 'Appeal upheld',
  'tl.reason.rejected': 'Appeal rejected',
};

addMessages({ 'zh-CN': zh, en });

/** A message if the catalogue has it (t answers the key itself when it does not). */
function known(key: string, vars?: Record<string, string>): string | null {
  const s = t(key as MessageKey, vars);
  return s === key ? null : s;
}

/** The action in words; a reminder names its phase; an action not known here is shown by its name. */
export function actionText(action: string): string {
  const reminder = /^lifecycle\.reminder\.(.+)$/.exec(action);
  if (reminder) {
    const phase = reminder[1] as string;
    return t('tl.action.reminder', { phase: known(`tl.phase.${phase}`) ?? phase });
  }
  return known(`tl.action.${action}`) ?? t('tl.action.other', { action });
}

/** Who acted: the department for staff, else the kind of actor (older answers without a kind: staff if a department). */
export function actorText(e: TimelineEntry): string {
  if (e.actorDept) return e.actorDept;
  return t(`tl.actor.${e.actorKind ?? 'system'}`);
}

/** A status in words (the shared status tags), or the name the server gave. */
const statusText = (s: string) => known(`status.${s}`) ?? s;

/** The change of status, when there was one. */
export function changeText(e: TimelineEntry): string | null {
  if (!e.from || !e.to || e.from === e.to) return null;
  return `${statusText(e.from)} → ${statusText(e.to)}`;
}

/** A reason code (or a reminder's phase) in words; free text as written. */
export function reasonText(e: TimelineEntry): string | null {
  if (!e.reason) return null;
  if (e.action.startsWith('lifecycle.reminder.')) return null; // the phase is already in the action's words
  return known(`tl.reason.${e.reason}`) ?? e.reason;
}

/** The list itself. */
export function TimelineList({ items }: { items: TimelineEntry[] }) {
  if (!items.length) return <p>{t('tl.none')}</p>;
  return (
    <ol class="timeline" data-testid="timeline">
      {items.map((e, i) => {
        const change = changeText(e);
        const reason = reasonText(e);
        return (
          <li key={`${e.at}-${i}`} class="timeline-item">
            <p class="timeline-what">
              <time dateTime={e.at}>{formatDateTime(e.at)}</time> <strong>{actionText(e.action)}</strong>
            </p>
            <dl class="facts facts--inline timeline-facts">
              <div>
                <dt>{t('tl.by')}</dt>
                <dd>{actorText(e)}</dd>
              </div>
              {change && (
                <div>
                  <dt>{t('tl.change')}</dt>
                  <dd>{change}</dd>
                </div>
              )}
              {reason && (
                <div>
                  <dt>{t('tl.reason')}</dt>
                  <dd>{reason}</dd>
                </div>
              )}
            </dl>
          </li>
        );
      })}
    </ol>
  );
}

/** The timeline section: heading, what it is, and the list (or its loading and error states). */
export function TimelineSection({
  id,
  data,
  error,
  loading,
  level = 2,
}: {
  id: string;
  data?: { items: TimelineEntry[]; more?: boolean } | undefined;
  error?: unknown;
  loading?: boolean;
  level?: 2 | 3;
}) {
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <section class="section timeline-section" aria-labelledby={id}>
      <Heading id={id}>{t('tl.heading')}</Heading>
      <p class="hint">{t('tl.intro')}</p>
      {loading && <Loading />}
      {error !== undefined && <Problem error={error} />}
      {data && <TimelineList items={data.items} />}
      {data?.more && <p class="hint">{t('tl.more', { n: data.items.length })}</p>}
    </section>
  );
}
