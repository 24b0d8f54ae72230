/**
 * Demo data for local mode, relative to today: departments and staff of every kind (R1), three exams
 * (paper, electronic, association-run) and 200 synthetic candidates with valid-checksum fake ID numbers
 * in several cities. Seeded once: a marker item records that it was done.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { StaffActor } from '../../functions/acts/actor.js';
import { keys } from '../../functions/data/tables.js';
import type { HolidayCalendar } from '../../functions/domain/calendar.js';
import { todayInChina } from '../../functions/domain/calendar.js';
import type { Candidate, CandidateStatus, CommitmentChecks } from '../../functions/domain/candidate.js';
import type { Department, StaffRole } from '../../functions/domain/departments.js';
import { DEFAULT_ISSUER } from '../../functions/domain/exam-events.js';
import type { Exam } from '../../functions/domain/exams.js';
import { syntheticIdNumber } from '../../functions/domain/id-number.js';
import { candidateDeadlines, initialFacts } from '../../functions/domain/lifecycle.js';
import { counterDeltas, queueFacts } from '../../functions/domain/queue.js';
import { FIRST_HR_DEPARTMENT } from '../../functions/domain/staff.js';
import { loadCalendar } from '../../functions/lib/calendar.js';
import { candidateRecord } from '../../functions/lib/candidates.js';
import { auditItem, batchPut, ddb, tableName, transact } from '../../functions/lib/db.js';
import { personIdOf } from '../../functions/lib/ids.js';
import { hashPassword } from './passwords.js';
import { demoArrival, seedArrival } from './seed-arrival.js';
import { demoCollection } from './seed-collection.js';
import { demoDispatch, seedDispatch } from './seed-dispatch.js';

export const DEMO_PASSWORD = 'Demo@2026!';

export const demoDepartments: Department[] = [
  FIRST_HR_DEPARTMENT,
  {
    id: 'zjt',
    name: '河南省住房和城乡建设厅',
    kind: 'provincialVerifier',
    examTypes: ['JZS1', 'JZS2', 'ZJS2'],
  },
  {
    id: 'zjt-4101',
    name: '郑州市城乡建设局',
    kind: 'municipalVerifier',
    examTypes: ['JZS1', 'JZS2'],
    city: '4101',
  },
  { id: 'jzxh', name: '河南省建筑业协会', kind: 'association', examTypes: ['JZSZ'] },
  // R18, R19: the provincial verifier of the mail-booking journey's exam (一级注册消防工程师)
  { id: 'xfzd', name: '河南省消防救援总队', kind: 'provincialVerifier', examTypes: ['XFS1'] },
];

export const demoStaff: { username: string; role: StaffRole; deptId: string }[] = [
  { username: 'hr.admin', role: 'hr', deptId: 'hr' },
  { username: 'zjt.verifier', role: 'verifier', deptId: 'zjt' },
  // a second staff member of the provincial verifier: approves zjt.verifier's revocation decisions (N1, four eyes)
  { username: 'zjt.reviewer', role: 'verifier', deptId: 'zjt' },
  { username: 'zz.verifier', role: 'verifier', deptId: 'zjt-4101' },
  { username: 'xh.verifier', role: 'association', deptId: 'jzxh' },
  { username: 'xf.verifier', role: 'verifier', deptId: 'xfzd' },
];

const DAY = 86_400_000;
const dayOffset = (today: string, days: number) =>
  new Date(Date.parse(`${today}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

export function demoExams(now: Date): Exam[] {
  const today = todayInChina(now);
  // each sitting's year is the year it was held (its exam end), as hr would enter it
  const sitting = (examType: string, title: string, examEnd: string, scoreRelease: string): Exam => {
    const year = Number(examEnd.slice(0, 4));
    return { id: `${examType}-${year}`, examType, name: `${year}年度${title}`, year, examEnd, scoreRelease };
  };
  return [
    sitting('JZS1', '一级建造师资格考试', dayOffset(today, -60), dayOffset(today, -5)),
    sitting('JZS2', '二级建造师资格考试', dayOffset(today, -90), dayOffset(today, -20)),
    sitting('JZSZ', '建筑施工企业安全生产管理人员考试', dayOffset(today, -40), dayOffset(today, -10)),
    // no candidates yet: ready for hr to import the sample list (docs/samples/passing-list.csv | .xlsx)
    sitting('ZJS2', '二级造价工程师职业资格考试', dayOffset(today, -30), dayOffset(today, -2)),
  ];
}

/** County-level areas (GB/T 2260) used for synthetic ID numbers, with the city each belongs to. */
const areas = ['410102', '410105', '410302', '410202', '411302', '410702', '410502', '411102'];
const family = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '赵',
  '黄',
  '周',
  '吴',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
];
const given = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '磊',
  '洋',
  '勇',
  '艳',
  '杰',
  '军',
  '涛',
  '明',
  '超',
  '霞',
  '平',
  '刚',
  '桂英',
];

export interface DemoCandidate {
  idNumber: string;
  name: string;
  examId: string;
}

function commitmentFor(i: number): CommitmentChecks {
  return {
    education: i % 11 === 3 ? 'failed' : 'passed',
    major: i % 7 === 2 ? 'manual' : 'passed',
    workYears: i % 13 === 5 ? 'failed' : i % 9 === 4 ? 'manual' : 'passed',
  };
}

export function demoCandidates(now: Date): Candidate[] {
  const exams = demoExams(now);
  const plan: [Exam, number][] = [
    [exams[0] as Exam, 120],
    [exams[1] as Exam, 60],
    [exams[2] as Exam, 20],
  ];
  const out: Candidate[] = [];
  let seq = 0;
  for (const [exam, n] of plan) {
    for (let i = 0; i < n; i++, seq++) {
      const area = areas[seq % areas.length] as string;
      const birth = `${1975 + (seq % 25)}-${String((seq % 12) + 1).padStart(2, '0')}-${String((seq % 27) + 1).padStart(2, '0')}`;
      const idNumber = syntheticIdNumber(area, birth, seq);
      const name = `${family[seq % family.length]}${given[(seq * 7) % given.length]}${seq % 3 === 0 ? given[(seq * 5 + 3) % given.length] : ''}`;
      // the electronic exam's round 1 is over: a mix of outcomes; the others are being verified (R7)
      let status: CandidateStatus = 'verifying';
      if (exam.examType === 'JZS2')
        status = i % 10 === 0 ? 'pending' : i % 15 === 1 ? 'unqualified' : 'qualified';
      const at = now.toISOString();
      out.push({
        personId: personIdOf(idNumber),
        examId: exam.id,
        examType: exam.examType,
        name,
        idNumber,
        // as on the admission ticket: exam type, year, number
        candidateNo: `${exam.examType}${exam.year}${String(i + 1).padStart(4, '0')}`,
        phone: `1390000${String(seq).padStart(4, '0')}`,
        city: area.slice(0, 4),
        ...(exam.examType === 'JZSZ' ? {} : { commitment: commitmentFor(seq) }),
        status,
        version: 1,
        createdAt: at,
        updatedAt: at,
      });
    }
  }
  return out;
}

/** A demo candidate's item, with the work queue's facts (phase, next deadline) its exam gives it. */
export function candidateItem(c: Candidate, exam: Exam, cal: HolidayCalendar) {
  return candidateRecord({ ...c, queue: queueFacts(c, exam, candidateDeadlines(cal, exam, c)) });
}

/**
 * The counters of the demo candidates, one item per exam and city: what the acts would have counted
 * writing them (functions/domain/queue.ts counterDeltas — status, work, bookings, and the paper
 * certificate's milestones of hr's overview).
 */
export function demoCounters(candidates: readonly Candidate[]) {
  const byCity = new Map<string, Record<string, unknown>>();
  for (const c of candidates)
    for (const d of counterDeltas(undefined, c)) {
      const key = keys.statusCounter(c.examId, d.city, 0);
      const item = byCity.get(key.pk) ?? { ...key };
      item[d.status] = ((item[d.status] as number | undefined) ?? 0) + d.by;
      byCity.set(key.pk, item);
    }
  return [...byCity.values()];
}

/** A demo department's staff member as an actor (the seed acts as they would). */
function demoActor(username: string): StaffActor {
  const s = demoStaff.find((x) => x.username === username) as (typeof demoStaff)[number];
  return {
    kind: 'staff',
    username,
    role: s.role,
    dept: demoDepartments.find((d) => d.id === s.deptId) as Department,
  };
}

/**
 * The exam in its notice period (the first) has its joint notice published, as the provincial verifier
 * and hr would (its pages are rendered by the job that starts with it), and two objections against it.
 */
async function seedNotice(exam: Exam): Promise<void> {
  const { draftNotice, publishNotice } = await import('../../functions/acts/notices.js');
  await draftNotice(demoActor('zjt.verifier'), exam.id, {
    text:
      `根据《河南省人力资源和社会保障厅关于做好专业技术人员职业资格证书发放工作的通知》，现将${exam.name}合格人员名单予以公示。\n` +
      '公示期内，任何单位和个人对公示人员的报考资格有异议的，可通过本页的异议表实名反映，写明事实并留下联系方式。' +
      '核查部门将在公示期内同步开展资格核查。',
  });
  await publishNotice(demoActor('hr.admin'), exam.id);
  // and an objection from the public against its first candidate (Zhengzhou), as the notice page's form sends it
  const { raiseObjection } = await import('../../functions/acts/objections.js');
  const objections = [
    {
      no: '0001', // Zhengzhou
      facts: '据本人了解，该考生报名时填报的工作年限与其在原单位的实际工作时间不符，请核查部门予以核实。',
      contact: '13700000000',
      name: '李某',
    },
    {
      no: '0006', // Xinxiang
      facts: '该考生填报的学历证书专业与实际所学专业不一致，本人系其同学，可配合核查。',
      contact: 'objector@example.com',
    },
  ];
  for (const [i, o] of objections.entries())
    await raiseObjection(
      `${exam.id}-N1`,
      {
        candidateNo: `${exam.examType}${exam.year}${o.no}`,
        facts: o.facts,
        contact: o.contact,
        ...(o.name ? { name: o.name } : {}),
      },
      undefined,
      `192.0.2.${10 + i}`,
    );
}

/** The demo candidate with an open revocation case waiting for a defence (N1): JZS1's last candidate. */
export const demoRevocationCandidate = (now: Date): Candidate => {
  const exam = demoExams(now)[0] as Exam;
  return demoCandidates(now)
    .filter((c) => c.examId === exam.id)
    .at(-1) as Candidate;
};

/** An open revocation case (R15) on one candidate, its proposed decision served: it waits for a defence. */
async function seedRevocation(now: Date): Promise<void> {
  const { openRevocation, serveRevocationProposal } = await import('../../functions/acts/revocations.js');
  const c = demoRevocationCandidate(now);
  const { caseId } = await openRevocation(demoActor('zjt.verifier'), c.examId, c.personId, {
    facts: '经向学历证书颁发院校核实，该考生报名时提交的本科毕业证书编号在该校无记录，系伪造证书。',
    ground: 'R15',
    articles: [10],
    referredToJudiciary: false,
    evidence: '院校复函（合成演示数据）',
  });
  await serveRevocationProposal(demoActor('zjt.verifier'), caseId);
}

/**
 * R11: the demo candidate in the appeal window: JZS2's first unqualified candidate, told their result
 * (R9) — they may appeal in the portal until the supplementary deadline (journey in the README).
 */
export const demoAppealCandidate = (now: Date): Candidate => {
  const c = demoCandidates(now).find((x) => x.examType === 'JZS2' && x.status === 'unqualified') as Candidate;
  return { ...c, lifecycle: { ...initialFacts(), resultNotifiedAt: now.toISOString() } };
};

/** The appeal-window candidate written again with their result told (same status: the counters stand). */
async function seedAppeal(now: Date, cal: HolidayCalendar): Promise<void> {
  const c = demoAppealCandidate(now);
  await batchPut(tableName('candidates'), [candidateItem(c, demoExams(now)[1] as Exam, cal)]);
}

/**
 * R12: the forfeited journey. Last year's sitting of 二级建造师 (its supplementary deadline long past)
 * with one candidate who was pending, did not take part by the deadline and so is `forfeited`; the
 * lifecycle's record of it is on their timeline. Its own exam, so today's sittings keep their windows.
 */
export function demoForfeited(now: Date): { exam: Exam; candidate: Candidate } {
  const today = todayInChina(now);
  const examEnd = dayOffset(today, -455);
  const year = Number(examEnd.slice(0, 4));
  const exam: Exam = {
    id: `JZS2-${year}`,
    examType: 'JZS2',
    name: `${year}年度二级建造师资格考试`,
    year,
    examEnd,
    scoreRelease: dayOffset(today, -385),
    // R9, R17: its results were announced and hr issued its electronic certificates (demoIssued)
    resultsAnnouncedAt: `${dayOffset(today, -370)}T02:00:00.000Z`,
    certificatesIssuedAt: `${dayOffset(today, -360)}T02:00:00.000Z`,
    certificateIssuance: { issuedOn: dayOffset(today, -360), issuer: DEFAULT_ISSUER },
  };
  const idNumber = syntheticIdNumber('410102', '1988-06-16', 990);
  const at = now.toISOString();
  return {
    exam,
    candidate: {
      personId: personIdOf(idNumber),
      examId: exam.id,
      examType: exam.examType,
      name: '郑思远',
      idNumber,
      candidateNo: `JZS2${year}0001`,
      phone: '13900009900',
      city: '4101',
      commitment: commitmentFor(5),
      status: 'forfeited',
      lifecycle: {
        ...initialFacts(),
        resultNotifiedAt: `${dayOffset(today, -370)}T02:00:00.000Z`,
      },
      version: 1,
      createdAt: at,
      updatedAt: at,
    },
  };
}

async function seedForfeited(now: Date): Promise<void> {
  const { exam, candidate } = demoForfeited(now);
  const cal = await loadCalendar();
  const due = candidateDeadlines(cal, exam, candidate).supplementaryDue;
  await batchPut(tableName('catalog'), [{ ...keys.exam(exam.id), ...exam }]);
  await batchPut(tableName('candidates'), [
    candidateItem(candidate, exam, cal),
    ...demoCounters([candidate]),
  ]);
  // the lifecycle's R12 timeout, as it was recorded on the deadline
  await transact([
    auditItem(
      {
        subject: keys.auditSubjectCandidate(exam.id, candidate.personId),
        action: 'lifecycle.forfeited',
        actor: 'system:lifecycle',
        details: { from: 'pending', to: 'forfeited', phase: 'supplementary' },
      },
      new Date(due),
    ),
  ]);
}

/**
 * R17, R25, R14: the certificate journey. Two qualified candidates of last year's 二级建造师 sitting
 * (the forfeited one's exam, whose certificates hr has issued) hold electronic certificates, issued by
 * the real IssueElectronic step (number, signature, lookup item); the second one's was revoked today.
 */
export function demoIssued(now: Date): { valid: Candidate; revoked: Candidate } {
  const { exam } = demoForfeited(now);
  const today = todayInChina(now);
  const at = now.toISOString();
  const holder = (n: number, name: string, birth: string): Candidate => {
    const idNumber = syntheticIdNumber('410105', birth, 980 + n);
    return {
      personId: personIdOf(idNumber),
      examId: exam.id,
      examType: exam.examType,
      name,
      idNumber,
      candidateNo: `JZS2${exam.year}${String(n + 1).padStart(4, '0')}`,
      phone: `1390000980${n}`,
      city: '4101',
      commitment: commitmentFor(n),
      status: 'qualified',
      lifecycle: {
        ...initialFacts(),
        resultNotifiedAt: `${dayOffset(today, -370)}T02:00:00.000Z`,
        qualifiedAt: `${dayOffset(today, -370)}T02:00:00.000Z`,
      },
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
  };
  return { valid: holder(1, '冯晓东', '1986-03-12'), revoked: holder(2, '韩雪梅', '1990-11-05') };
}

async function seedIssued(now: Date): Promise<void> {
  const { exam } = demoForfeited(now);
  const { valid, revoked } = demoIssued(now);
  const cal = await loadCalendar();
  await batchPut(tableName('candidates'), [
    candidateItem(valid, exam, cal),
    candidateItem(revoked, exam, cal),
    // the counters of the exam's city as a whole: the forfeited candidate's (seedForfeited) too, as
    // this item replaces that one
    ...demoCounters([demoForfeited(now).candidate, valid, revoked]),
  ]);
  const { issueElectronic } = await import('../../functions/acts/lifecycle-tasks.js');
  const { applyEvent } = await import('../../functions/domain/lifecycle.js');
  const { loadCandidate, saveOutcome } = await import('../../functions/acts/candidate-change.js');
  const { certSigner, publishJwks } = await import('../../functions/lib/cert-signer.js');
  await publishJwks(certSigner());
  await issueElectronic(exam.id, valid.personId);
  await issueElectronic(exam.id, revoked.personId);
  // R14: the revocation decision took effect today: the certificate reads revoked from today
  const l = await loadCandidate(exam.id, revoked.personId);
  const o = applyEvent(
    l.candidate,
    l.exam,
    l.deadlines,
    { type: 'revoked', reason: '以伪造学历证明取得考试资格' },
    now,
  );
  await saveOutcome(l.candidate, o, 'staff:hr.admin', false, l.exam);
}

/**
 * R18, R19: the mail-booking journey. This year's sitting of 一级注册消防工程师 (a national exam: paper
 * certificates), its results announced five days ago: every candidate is qualified and the booking
 * window is open (30 days from the announcement). The first has booked, the second has booked and the
 * booking is locked for dispatch (issue 13's manifest export); the others have not booked yet.
 */
export const DEMO_BOOKING_COUNT = 40;
export function demoBooking(now: Date): { exam: Exam; candidates: Candidate[] } {
  const today = todayInChina(now);
  const examEnd = dayOffset(today, -50);
  const year = Number(examEnd.slice(0, 4));
  const announced = `${dayOffset(today, -5)}T02:00:00.000Z`;
  const exam: Exam = {
    id: `XFS1-${year}`,
    examType: 'XFS1',
    name: `${year}年度一级注册消防工程师资格考试`,
    year,
    examEnd,
    scoreRelease: dayOffset(today, -35),
    resultsAnnouncedAt: announced,
  };
  const at = now.toISOString();
  const cities = ['410105', '410302', '410202', '411302'];
  const candidates = Array.from({ length: DEMO_BOOKING_COUNT }, (_, i): Candidate => {
    const area = cities[i % cities.length] as string;
    const birth = `${1980 + (i % 15)}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
    const idNumber = syntheticIdNumber(area, birth, 60 + i);
    return {
      personId: personIdOf(idNumber),
      examId: exam.id,
      examType: exam.examType,
      name: `${family[(i + 5) % family.length]}${given[(i * 5 + 1) % given.length]}${i % 2 ? '' : given[(i + 7) % given.length]}`,
      idNumber,
      candidateNo: `XFS1${year}${String(i + 1).padStart(4, '0')}`,
      phone: `1390007${String(i).padStart(4, '0')}`,
      city: area.slice(0, 4),
      commitment: commitmentFor(0),
      status: 'qualified',
      lifecycle: { ...initialFacts(), resultNotifiedAt: announced, qualifiedAt: announced },
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
  });
  return { exam, candidates };
}

/** The booking exam and its candidates; the first two book through the real act, the second is locked. */
async function seedBooking(now: Date): Promise<void> {
  const { exam, candidates } = demoBooking(now);
  const cal = await loadCalendar();
  await batchPut(tableName('catalog'), [{ ...keys.exam(exam.id), ...exam }]);
  await batchPut(tableName('candidates'), [
    ...candidates.map((c) => candidateItem(c, exam, cal)),
    ...demoCounters(candidates),
  ]);
  const { putBooking, lockBookings } = await import('../../functions/acts/booking.js');
  const addresses = [
    { districtCode: '410105', street: '金水区花园路 88 号 3 号楼 2 单元 501 室', postcode: '450003' },
    { districtCode: '440305', street: '南山区科技园南区深南大道 9988 号', postcode: '518057' },
  ];
  for (const [i, a] of addresses.entries()) {
    const c = candidates[i] as Candidate;
    await putBooking({ kind: 'candidate', personId: c.personId }, exam.id, {
      recipient: c.name,
      phone: c.phone,
      phoneConfirm: c.phone,
      ...a,
      codAcknowledged: true,
    });
  }
  await lockBookings(exam.id, [(candidates[1] as Candidate).personId]);
}

/** R19, R20: the demo logins of on-site collection: waiting on site, kept in custody, on the transfer register. */
function demoCollectionLogins(now: Date): DemoCandidate[] {
  const d = demoCollection(now);
  return [d.waiting[0], d.custody[0], d.transfer[0]].flatMap((c) =>
    c ? [{ idNumber: c.idNumber, name: c.name, examId: c.examId }] : [],
  );
}

const SEED_MARKER = { pk: 'SEED', sk: 'META' };

/** Demo departments and staff accounts, each put only where it is missing (hr may have changed them). */
async function ensureDemoStaff(now: Date): Promise<void> {
  const catalog = tableName('catalog');
  const passwordHash = hashPassword(DEMO_PASSWORD);
  const items = [
    ...demoDepartments.map((d) => ({ ...keys.department(d.id), ...d })),
    ...demoStaff.map((s) => ({
      ...keys.staff(s.username),
      ...s,
      createdAt: now.toISOString(),
      createdBy: 'system:seed',
      passwordHash,
    })),
  ];
  for (const Item of items) {
    await ddb
      .send(new PutCommand({ TableName: catalog, Item, ConditionExpression: 'attribute_not_exists(pk)' }))
      .catch((e: Error) => {
        if (e.name !== 'ConditionalCheckFailedException') throw e;
      });
  }
}

/** Seed once; returns the demo logins either way. */
export async function seedDemo(now = new Date()): Promise<{ seeded: boolean; candidates: DemoCandidate[] }> {
  const candidates = demoCandidates(now);
  const marker = await ddb.send(new GetCommand({ TableName: tableName('catalog'), Key: SEED_MARKER }));
  const seedNow = marker.Item ? new Date(String(marker.Item.at)) : now;
  const list = marker.Item ? demoCandidates(seedNow) : candidates;
  const logins = (() => {
    const byExam = new Map<string, DemoCandidate>();
    for (const c of list)
      if (!byExam.has(c.examId))
        byExam.set(c.examId, { idNumber: c.idNumber, name: c.name, examId: c.examId });
    // N1: and the candidate whose revocation case waits for a defence (last, so the others keep their places)
    const r = demoRevocationCandidate(seedNow);
    // R11: and (before it, so the revocation candidate stays last) the unqualified candidate in the appeal window
    const a = demoAppealCandidate(seedNow);
    // R12: and the forfeited candidate of last year's sitting
    const f = demoForfeited(seedNow).candidate;
    // R17, R14: and the holders of last year's electronic certificates, one valid, one revoked
    const issued = demoIssued(seedNow);
    // R18: and the mail-booking exam's candidates: booked, locked, not yet booked
    const booking = demoBooking(seedNow).candidates.slice(0, 3);
    // R19, R20: and a certificate waiting on site, one kept in custody, one transferred to hr
    const kept = demoCollectionLogins(seedNow);
    return [
      ...byExam.values(),
      { idNumber: a.idNumber, name: a.name, examId: a.examId },
      { idNumber: f.idNumber, name: f.name, examId: f.examId },
      ...[issued.valid, issued.revoked].map((c) => ({
        idNumber: c.idNumber,
        name: c.name,
        examId: c.examId,
      })),
      ...booking.map((c) => ({ idNumber: c.idNumber, name: c.name, examId: c.examId })),
      // N3, 补发: the paper exam's reissued holder and one who may report theirs lost (郑州), and a
      // holder whose batch (洛阳) is still to come
      ...[0, 2, 4]
        .map((i) => demoArrival(seedNow).candidates[i] as Candidate)
        .map((c) => ({
          idNumber: c.idNumber,
          name: c.name,
          examId: c.examId,
        })),
      ...kept,
      // R18, R19: the mailed exam's delivered holder, the one whose delivery failed, one in the post,
      // and one in 洛阳 whose batch is still to come
      ...[0, 1, 2, 4]
        .map((i) => demoDispatch(seedNow).candidates[i] as Candidate)
        .map((c) => ({ idNumber: c.idNumber, name: c.name, examId: c.examId })),
      { idNumber: r.idNumber, name: r.name, examId: r.examId },
    ];
  })();
  // the demo staff and departments, wherever an older local database lacks them (added, never replaced)
  await ensureDemoStaff(now);
  if (marker.Item) return { seeded: false, candidates: logins };
  const catalog = tableName('catalog');
  await batchPut(catalog, [...demoExams(now).map((e) => ({ ...keys.exam(e.id), ...e }))]);
  const cal = await loadCalendar();
  const examOf = new Map(demoExams(now).map((e) => [e.id, e]));
  await batchPut(tableName('candidates'), [
    ...candidates.map((c) => candidateItem(c, examOf.get(c.examId) as Exam, cal)),
    ...demoCounters(candidates),
  ]);
  await seedNotice(demoExams(now)[0] as Exam);
  await seedRevocation(now);
  await seedAppeal(now, cal);
  await seedForfeited(now);
  await seedIssued(now);
  await seedBooking(now);
  // N3, 补发: a paper exam with one recorded batch and a reissued certificate (scripts/local/seed-arrival.ts)
  await seedArrival(now, demoDepartments[1] as Department, (c, e) => candidateItem(c, e, cal), demoCounters);
  await (await import('./seed-collection.js')).seedCollection(now);
  // R18, R19: a paper exam dispatched by China Post, one delivery failed (scripts/local/seed-dispatch.ts)
  await seedDispatch(now, demoDepartments[1] as Department, (c, e) => candidateItem(c, e, cal), demoCounters);
  await ddb.send(new PutCommand({ TableName: catalog, Item: { ...SEED_MARKER, at: now.toISOString() } }));
  return { seeded: true, candidates: logins };
}
