/**
 * R1, R24: who may do what, as a hand-written table. Every row was written from the rules
 * (/work/shared/RULES.md, docs/rules.md), not copied from the catalogue in functions/domain/departments.ts:
 * verifiers act within their exam types, a municipal verifier only on candidates of its own city; hr reads
 * everything but acts only where a rule gives it the act and never decides a verification, a supplementary
 * verification or an appeal.
 *
 * A row reads, for each department, five cells — one per target:
 *   1. own exam type, own city        2. own exam type, another city
 *   3. another exam type, own city    4. another exam type, another city
 *   5. no target at all
 * 'Y' = allowed, '.' = refused. hr has no exam types or city of its own; its targets are the same five.
 */
import { describe, expect, it } from 'vitest';
import {
  accessToCandidate,
  authorize,
  cityScope,
  type Department,
  departmentKinds,
  departmentSchema,
  mayAct,
  mayReadCandidate,
  queueCities,
  roleOf,
  type StaffAct,
  seesExamType,
  staffActs,
  staffRoles,
} from '../../functions/domain/departments.js';
import { DomainError } from '../../functions/domain/errors.js';

const hr: Department = { id: 'hr', name: '河南省人社厅', kind: 'hr', examTypes: [] };
const province: Department = {
  id: 'zjt',
  name: '河南省住建厅',
  kind: 'provincialVerifier',
  examTypes: ['JZS1', 'JZS2'],
};
const zhengzhou: Department = {
  id: 'zjt-4101',
  name: '郑州市住建局',
  kind: 'municipalVerifier',
  examTypes: ['JZS1'],
  city: '4101',
};
const association: Department = {
  id: 'jzxh',
  name: '河南省建筑业协会',
  kind: 'association',
  examTypes: ['JZSZ'],
};

type Cells = string; // five characters, 'Y' or '.'
interface Row {
  act: StaffAct;
  /** the rule IDs the refusal names */
  rule: string;
  /** how far the act reaches: an exam type, one candidate, or nothing in particular */
  reach: 'examType' | 'candidate' | 'none';
  title: string;
  hr: Cells;
  provincial: Cells;
  municipal: Cells;
  association: Cells;
}

const ALL = 'YYYYY';
const NONE = '.....';
/** acts on its exam type, in every city */
const TYPE = 'YY...';
/** acts on its exam type, own city only */
const CITY = 'Y....';

const matrix: Row[] = [
  {
    act: 'passingList.handOver',
    rule: 'R5',
    reach: 'examType',
    title: 'R5: hr hands the passing list and materials over; no verifier does',
    hr: ALL,
    provincial: NONE,
    municipal: NONE,
    association: NONE,
  },
  {
    act: 'passingList.import',
    rule: 'R5, N2',
    reach: 'examType',
    title:
      "R5, N2: the passing list is imported by hr or by the exam type's provincial verifier (or association)",
    hr: ALL,
    provincial: TYPE,
    municipal: NONE,
    association: TYPE,
  },
  {
    act: 'notice.publish',
    rule: 'R6',
    reach: 'examType',
    title:
      'R6: the passing-score notice is published jointly by hr and the provincial verifier (or association)',
    hr: ALL,
    provincial: TYPE,
    municipal: NONE,
    association: TYPE,
  },
  {
    act: 'exam.setSchedule',
    rule: 'R6, R8',
    reach: 'examType',
    title:
      "R6, R8: hr and the provincial verifier (or association) set an exam's schedule; a municipal one does not",
    hr: ALL,
    provincial: TYPE,
    municipal: NONE,
    association: TYPE,
  },
  {
    act: 'exam.administer',
    rule: 'R1',
    reach: 'none',
    title: 'R1: exam administration is hr’s alone',
    hr: ALL,
    provincial: NONE,
    municipal: NONE,
    association: NONE,
  },
  {
    act: 'staff.administer',
    rule: 'R1',
    reach: 'none',
    title: 'R1: staff administration is hr’s alone',
    hr: ALL,
    provincial: NONE,
    municipal: NONE,
    association: NONE,
  },
  {
    act: 'calendar.load',
    rule: 'T3',
    reach: 'none',
    title: 'T3: the holiday calendar is loaded by hr alone',
    hr: ALL,
    provincial: NONE,
    municipal: NONE,
    association: NONE,
  },
  {
    act: 'exam.announce',
    rule: 'R9, R13',
    reach: 'examType',
    title:
      'R9, R13: result announcements are the provincial verifier’s (association’s) for its exam types, not hr’s',
    hr: NONE,
    provincial: TYPE,
    municipal: NONE,
    association: TYPE,
  },
  {
    act: 'certificates.recordArrival',
    rule: 'R16, N3',
    reach: 'candidate',
    title:
      'R16, N3: a batch’s arrival is recorded by the provincial verifier (association), or a municipal one for its own city; not hr',
    hr: NONE,
    provincial: TYPE,
    municipal: CITY,
    association: TYPE,
  },
  {
    act: 'candidate.verify',
    rule: 'R1, R7, R22',
    reach: 'candidate',
    title:
      'R1: verification is decided by the verifier of the exam type, a municipal one in its own city; never hr',
    hr: NONE,
    provincial: TYPE,
    municipal: CITY,
    association: TYPE,
  },
  {
    act: 'candidate.spotCheck',
    rule: 'R23, R24',
    reach: 'examType',
    title:
      'R23, R24: spot checks are provincial level: the provincial verifier (association), not a municipal one',
    hr: NONE,
    provincial: TYPE,
    municipal: NONE,
    association: TYPE,
  },
  {
    act: 'candidate.reopen',
    rule: 'R24',
    reach: 'examType',
    title:
      'R24: reopening a round-1 decision is the provincial verifier’s (association’s) supervision of municipal ones: not a municipal verifier’s, not hr’s',
    hr: NONE,
    provincial: TYPE,
    municipal: NONE,
    association: TYPE,
  },
  {
    act: 'candidate.decideSupplementary',
    rule: 'R10, R13',
    reach: 'candidate',
    title: 'R10, R13: supplementary decisions are the verifiers’, a municipal one in its own city; never hr',
    hr: NONE,
    provincial: TYPE,
    municipal: CITY,
    association: TYPE,
  },
  {
    act: 'candidate.decideAppeal',
    rule: 'R10, R11',
    reach: 'candidate',
    title: 'R10, R11: appeal decisions are the verifiers’, a municipal one in its own city; never hr',
    hr: NONE,
    provincial: TYPE,
    municipal: CITY,
    association: TYPE,
  },
  {
    act: 'candidate.revoke',
    rule: 'R14, N1',
    reach: 'candidate',
    title:
      'R14, N1: a revocation case is hr’s or the provincial verifier’s (association’s), not a municipal one’s',
    hr: ALL,
    provincial: TYPE,
    municipal: NONE,
    association: TYPE,
  },
  {
    act: 'eCert.issue',
    rule: 'R17',
    reach: 'examType',
    title: 'R17: electronic certificates are issued by hr alone',
    hr: ALL,
    provincial: NONE,
    municipal: NONE,
    association: NONE,
  },
  {
    act: 'certificate.handOut',
    rule: 'R16, R19',
    reach: 'candidate',
    title:
      'R16, R19: paper certificates are handed out by the verifiers, a municipal one in its own city; not hr',
    hr: NONE,
    provincial: TYPE,
    municipal: CITY,
    association: TYPE,
  },
  {
    act: 'custody.transfer',
    rule: 'R20',
    reach: 'examType',
    title: 'R20: unclaimed certificates are transferred by the provincial verifier (association), not hr',
    hr: NONE,
    provincial: TYPE,
    municipal: NONE,
    association: TYPE,
  },
  {
    act: 'custody.receive',
    rule: 'R20',
    reach: 'none',
    title: 'R20: the custody transfer is received by hr alone',
    hr: ALL,
    provincial: NONE,
    municipal: NONE,
    association: NONE,
  },
  {
    act: 'outbox.read',
    rule: 'R24',
    reach: 'none',
    title: 'R24: every message to every candidate is hr’s to supervise, nobody else’s',
    hr: ALL,
    provincial: NONE,
    municipal: NONE,
    association: NONE,
  },
  {
    act: 'overview.read',
    rule: 'R16, R19, R20, N3',
    reach: 'none',
    title: 'R16, R19, R20, N3: the overview of every exam’s certificates is hr’s, nobody else’s',
    hr: ALL,
    provincial: NONE,
    municipal: NONE,
    association: NONE,
  },
];

/** The five targets of a department whose own exam type is `own` and own city 4101. */
const targets = (own: string) => [
  { examType: own, city: '4101' },
  { examType: own, city: '4103' },
  { examType: 'XFS1', city: '4101' },
  { examType: 'XFS1', city: '4103' },
  {},
];

/** Each department with the exam types it counts as its own (the provincial verifier has two). */
const columns: { key: 'hr' | 'provincial' | 'municipal' | 'association'; dept: Department; own: string[] }[] =
  [
    { key: 'hr', dept: hr, own: ['JZS1', 'JZS2', 'JZSZ'] },
    { key: 'provincial', dept: province, own: ['JZS1', 'JZS2'] },
    { key: 'municipal', dept: zhengzhou, own: ['JZS1'] },
    { key: 'association', dept: association, own: ['JZSZ'] },
  ];

const cellsOf = (dept: Department, act: StaffAct, own: string): Cells =>
  targets(own)
    .map((t) => (mayAct(dept, act, t) ? 'Y' : '.'))
    .join('');

describe('the authorization matrix (R1, R24)', () => {
  it('R1, R24: the matrix covers every act in the catalogue, and nothing else', () => {
    expect(Object.keys(staffActs).sort()).toEqual(matrix.map((r) => r.act).sort());
  });

  for (const row of matrix) {
    it(row.title, () => {
      for (const { key, dept, own } of columns) {
        for (const t of own) {
          expect({ act: row.act, dept: dept.id, own: t, cells: cellsOf(dept, row.act, t) }).toEqual({
            act: row.act,
            dept: dept.id,
            own: t,
            cells: row[key],
          });
        }
      }
    });
  }

  it('R1, R24: each act names the rules that give it, and declares how far it reaches', () => {
    for (const row of matrix) {
      expect({ act: row.act, rule: staffActs[row.act].rule, scope: staffActs[row.act].scope }).toEqual({
        act: row.act,
        rule: row.rule,
        scope: row.reach,
      });
    }
  });

  it('R1: a municipal verifier is refused a candidate act when the candidate’s city is not given', () => {
    expect(mayAct(zhengzhou, 'candidate.verify', { examType: 'JZS1' })).toBe(false);
    expect(mayAct(zhengzhou, 'certificate.handOut', { examType: 'JZS1', city: '' })).toBe(false);
    expect(mayAct(zhengzhou, 'candidate.verify', { examType: 'JZS1', city: '4101' })).toBe(true);
  });

  it('R1: a municipal verifier with no city recorded acts on no candidate, even one without a city', () => {
    const cityless: Department = {
      id: 'zjt-x',
      name: '某市住建局',
      kind: 'municipalVerifier',
      examTypes: ['JZS1'],
    };
    expect(mayAct(cityless, 'candidate.verify', { examType: 'JZS1' })).toBe(false);
    expect(mayAct(cityless, 'candidate.verify', { examType: 'JZS1', city: '4101' })).toBe(false);
  });

  it('R1: a verifier is refused an exam-type act when no exam type is given (the default target)', () => {
    expect(mayAct(province, 'exam.announce')).toBe(false);
    expect(mayAct(association, 'custody.transfer', { examType: '' })).toBe(false);
    expect(mayAct(province, 'candidate.verify', { city: '4101' })).toBe(false);
    expect(mayAct(hr, 'calendar.load')).toBe(true);
    expect(mayAct(hr, 'eCert.issue')).toBe(true);
  });
});

describe('authorize (R1, R24)', () => {
  it('R1, R24: a refused act is a FORBIDDEN DomainError (403) naming the department and the rule', () => {
    // the association without a target is refused every act: hr's own acts are not its, and its own
    // acts need an exam type of its own
    for (const row of matrix) {
      let error: unknown;
      try {
        authorize(association, row.act, {});
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DomainError);
      const e = error as DomainError;
      expect(e.code).toBe('FORBIDDEN');
      expect(e.status).toBe(403);
      expect(e.message).toBe(`河南省建筑业协会无权执行此操作（${row.rule}）`);
    }
  });

  it('R1: a municipal verifier is refused a candidate of another city, naming R1', () => {
    expect(() => authorize(zhengzhou, 'candidate.verify', { examType: 'JZS1', city: '4103' })).toThrow(
      '郑州市住建局无权执行此操作（R1, R7, R22）',
    );
  });

  it('R24: hr is refused a verification decision, naming the rules', () => {
    expect(() => authorize(hr, 'candidate.decideAppeal', { examType: 'JZS1', city: '4101' })).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN', message: '河南省人社厅无权执行此操作（R10, R11）' }),
    );
  });

  it('R1, R24: an allowed act passes silently, with or without a target', () => {
    expect(authorize(hr, 'outbox.read')).toBeUndefined();
    expect(authorize(province, 'exam.announce', { examType: 'JZS2' })).toBeUndefined();
    expect(authorize(zhengzhou, 'certificate.handOut', { examType: 'JZS1', city: '4101' })).toBeUndefined();
    expect(() => authorize(province, 'exam.announce')).toThrow('（R9, R13）');
  });
});

describe('access to candidates (R1, R24)', () => {
  const at = (examType: string, city: string) => ({ examType, city });

  it('R24: hr reads every candidate of every exam type and city, and acts on none as a verifier', () => {
    for (const c of [at('JZS1', '4101'), at('XFS1', '4103'), at('JZSZ', '4117')]) {
      expect(accessToCandidate(hr, c)).toBe('read');
    }
  });

  it('R1: a provincial verifier acts on its exam types in every city, and has no access to others', () => {
    expect(accessToCandidate(province, at('JZS1', '4101'))).toBe('act');
    expect(accessToCandidate(province, at('JZS2', '4103'))).toBe('act');
    expect(accessToCandidate(province, at('XFS1', '4101'))).toBe('none');
  });

  it('R1: a municipal verifier acts on its exam type in its own city only', () => {
    expect(accessToCandidate(zhengzhou, at('JZS1', '4101'))).toBe('act');
    expect(accessToCandidate(zhengzhou, at('JZS1', '4103'))).toBe('none');
    expect(accessToCandidate(zhengzhou, at('JZS2', '4101'))).toBe('none');
    expect(accessToCandidate(zhengzhou, at('JZS2', '4103'))).toBe('none');
  });

  it('R1: the association acts on its own exams only', () => {
    expect(accessToCandidate(association, at('JZSZ', '4103'))).toBe('act');
    expect(accessToCandidate(association, at('JZS1', '4101'))).toBe('none');
  });

  it('R1: hr sees every exam type; a verifier only its own (a municipal one too)', () => {
    for (const t of ['JZS1', 'JZS2', 'ZJS2', 'XFS1', 'JZSZ']) expect(seesExamType(hr, t)).toBe(true);
    expect(seesExamType(province, 'JZS1')).toBe(true);
    expect(seesExamType(province, 'JZS2')).toBe(true);
    expect(seesExamType(province, 'XFS1')).toBe(false);
    expect(seesExamType(zhengzhou, 'JZS1')).toBe(true);
    expect(seesExamType(zhengzhou, 'JZS2')).toBe(false);
    expect(seesExamType(association, 'JZSZ')).toBe(true);
    expect(seesExamType(association, 'JZS1')).toBe(false);
  });

  it('R1: only a municipal verifier is limited to one city', () => {
    expect(cityScope(zhengzhou)).toBe('4101');
    expect(cityScope(hr)).toBeUndefined();
    expect(cityScope(province)).toBeUndefined();
    expect(cityScope(association)).toBeUndefined();
  });

  it('R1: a city recorded for a provincial verifier or the association does not limit it to that city', () => {
    const seated: Department = { ...province, city: '4101' };
    const seatedAssociation: Department = { ...association, city: '4101' };
    expect(cityScope(seated)).toBeUndefined();
    expect(cityScope(seatedAssociation)).toBeUndefined();
    expect(queueCities(seated, undefined, ['4101', '4103'])).toEqual(['4101', '4103']);
    expect(queueCities(seated, '4103', ['4101', '4103'])).toEqual(['4103']);
    expect(mayAct(seated, 'candidate.verify', { examType: 'JZS1', city: '4103' })).toBe(true);
    expect(accessToCandidate(seated, { examType: 'JZS2', city: '4103' })).toBe('act');
  });

  it('R1, R24: a candidate reads only their own record; staff read what their department has access to', () => {
    const record = { personId: 'p-0001', examType: 'JZS1', city: '4101' };
    expect(mayReadCandidate({ kind: 'candidate', personId: 'p-0001' }, record)).toBe(true);
    expect(mayReadCandidate({ kind: 'candidate', personId: 'p-0002' }, record)).toBe(false);
    expect(mayReadCandidate({ kind: 'staff', dept: hr }, record)).toBe(true);
    expect(mayReadCandidate({ kind: 'staff', dept: province }, record)).toBe(true);
    expect(mayReadCandidate({ kind: 'staff', dept: zhengzhou }, record)).toBe(true);
    expect(mayReadCandidate({ kind: 'staff', dept: zhengzhou }, { ...record, city: '4103' })).toBe(false);
    expect(mayReadCandidate({ kind: 'staff', dept: association }, record)).toBe(false);
  });
});

describe('the work queue’s cities (R1)', () => {
  const all = ['4101', '4102', '4103'] as const;

  it('R1: a municipal verifier lists its own city, asked for it or not', () => {
    expect(queueCities(zhengzhou, undefined, all)).toEqual(['4101']);
    expect(queueCities(zhengzhou, '4101', all)).toEqual(['4101']);
  });

  it('R1: a municipal verifier asking for another city is refused (FORBIDDEN, naming R1)', () => {
    let error: unknown;
    try {
      queueCities(zhengzhou, '4103', all);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('FORBIDDEN');
    expect((error as DomainError).message).toBe('只能查看本市考生（R1）');
  });

  it('R1, R24: everyone else lists the city asked for, or all of them', () => {
    for (const dept of [hr, province, association]) {
      expect(queueCities(dept, '4103', all)).toEqual(['4103']);
      const every = queueCities(dept, undefined, all);
      expect(every).toEqual(['4101', '4102', '4103']);
      expect(every).not.toBe(all);
    }
  });
});

describe('departments and roles', () => {
  it('R1: the department kinds are hr, provincial and municipal verifiers, and the association', () => {
    expect(departmentKinds).toEqual(['hr', 'provincialVerifier', 'municipalVerifier', 'association']);
    for (const kind of departmentKinds) {
      const city = kind === 'municipalVerifier' ? { city: '4101' } : {};
      expect(
        departmentSchema.safeParse({ id: 'd', name: '部门', kind, examTypes: [], ...city }).success,
      ).toBe(true);
    }
  });

  it('R1: a municipal verifier must name its city; one recorded without a city lists no city at all', () => {
    const cityless = {
      id: 'zjt-x',
      name: '某市住建局',
      kind: 'municipalVerifier' as const,
      examTypes: ['JZS1'],
    };
    const r = departmentSchema.safeParse(cityless);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['city']);
    for (const asked of [undefined, '4101']) {
      expect(() => queueCities(cityless, asked, ['4101', '4103'])).toThrow(DomainError);
    }
  });

  it('a department needs an id, a name, a known kind and its exam types', () => {
    const ok = {
      id: 'zjt-4101',
      name: '郑州市住建局',
      kind: 'municipalVerifier',
      examTypes: ['JZS1'],
      city: '4101',
    };
    expect(departmentSchema.parse(ok)).toEqual(ok);
    expect(departmentSchema.safeParse({ ...ok, id: '' }).success).toBe(false);
    expect(departmentSchema.safeParse({ ...ok, name: '' }).success).toBe(false);
    expect(departmentSchema.safeParse({ ...ok, kind: 'cityHr' }).success).toBe(false);
    expect(departmentSchema.safeParse({ ...ok, examTypes: undefined }).success).toBe(false);
  });

  it('R1: the token roles are hr, verifier and association; both verifier kinds carry the verifier role', () => {
    expect(staffRoles).toEqual(['hr', 'verifier', 'association']);
    expect(roleOf('hr')).toBe('hr');
    expect(roleOf('provincialVerifier')).toBe('verifier');
    expect(roleOf('municipalVerifier')).toBe('verifier');
    expect(roleOf('association')).toBe('association');
  });
});
