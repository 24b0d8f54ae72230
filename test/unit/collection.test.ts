/** R19, R20: the pure rules of on-site collection and custody (functions/domain/collection.ts). */
import { describe, expect, it } from 'vitest';
import {
  checkIdTail,
  collectionInputSchema,
  collectionRecord,
  custodyLine,
  DEFAULT_BRING,
  onTransferRegister,
  paperStatusOf,
  siteInputSchema,
  sitePeriodOver,
  siteView,
  transferLine,
  transferReceiptSchema,
} from '../../functions/domain/collection.js';
import { DomainError } from '../../functions/domain/errors.js';
import { syntheticIdNumber } from '../../functions/domain/id-number.js';
import { initialFacts, type LifecycleFacts } from '../../functions/domain/lifecycle.js';
import { reportCounts, reportEntry, reportSpecs } from '../../functions/domain/reports.js';
import { paperStatusWords } from '../../functions/domain/wording.js';

const ID = syntheticIdNumber('410102', '1985-04-09', 3);
const PROXY = syntheticIdNumber('410105', '1990-01-02', 4);
const facts = (f: Partial<LifecycleFacts> = {}) => ({ lifecycle: { ...initialFacts(), ...f } });
const site = { name: '郑州市领取点', closesOn: '2026-03-31' };
const at = (iso: string) => new Date(iso);
const fieldsOf = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  r.error?.issues.map((i) => i.path.join('.'));

describe('R19 sites', () => {
  const input = {
    name: '郑州市领取点',
    address: '郑州市金水区花园路 1 号',
    opensOn: '2026-03-01',
    closesOn: '2026-03-31',
    hours: '工作日 9:00–17:00',
  };
  it('R19: a site has a name, address, a period and hours; the period cannot end before it starts', () => {
    expect(siteInputSchema.safeParse(input).success).toBe(true);
    expect(fieldsOf(siteInputSchema.safeParse({ ...input, closesOn: '2026-02-28' }))).toEqual(['closesOn']);
    expect(siteInputSchema.safeParse({ ...input, closesOn: '2026-03-01' }).success).toBe(true);
    expect(fieldsOf(siteInputSchema.safeParse({ ...input, opensOn: '2026-02-30' }))).toEqual(['opensOn']);
    expect(fieldsOf(siteInputSchema.safeParse({ ...input, phone: 'call me' }))).toEqual(['phone']);
    expect(fieldsOf(siteInputSchema.safeParse({ ...input, extra: 1 }))).toEqual(['']);
  });
  it('R19: the period ends at 24:00 of its last day (T4); the view names the city', () => {
    expect(sitePeriodOver(site, at('2026-03-31T15:59:59.999Z'))).toBe(false);
    expect(sitePeriodOver(site, at('2026-03-31T16:00:00.000Z'))).toBe(true);
    expect(sitePeriodOver(undefined, at('2030-01-01T00:00:00Z'))).toBe(false);
    const v = siteView({
      ...input,
      bring: DEFAULT_BRING,
      examId: 'JZS1-2025',
      city: '4101',
      updatedAt: '',
      updatedBy: '',
      version: 1,
    });
    expect(v).toMatchObject({
      cityName: '郑州市',
      opensAt: '2026-03-01T00:00:00+08:00',
      closesAt: '2026-04-01T00:00:00+08:00',
    });
  });
});

describe('R19 recording a collection', () => {
  it('R19: in person needs the ID check; a proxy needs a valid ID number and the letter — each error names its field', () => {
    expect(fieldsOf(collectionInputSchema.safeParse({ by: 'self' }))).toEqual(['idLast6']);
    expect(collectionInputSchema.safeParse({ by: 'self', idLast6: '12345X' }).success).toBe(true);
    expect(fieldsOf(collectionInputSchema.safeParse({ by: 'proxy' }))).toEqual(['proxy.letterMaterialId']);
    expect(
      fieldsOf(collectionInputSchema.safeParse({ by: 'proxy', proxy: { name: '李四', idNumber: PROXY } })),
    ).toEqual(['proxy.letterMaterialId']);
    const letter = 'abcdefghijk23456789-u';
    const bad = `${PROXY.slice(0, 17)}${PROXY.endsWith('1') ? '2' : '1'}`;
    expect(
      fieldsOf(
        collectionInputSchema.safeParse({
          by: 'proxy',
          proxy: { name: '李四', idNumber: bad, letterMaterialId: letter },
        }),
      ),
    ).toEqual(['proxy.idNumber']);
    expect(
      collectionInputSchema.safeParse({
        by: 'proxy',
        proxy: { name: '李四', idNumber: PROXY, letterMaterialId: letter },
      }).success,
    ).toBe(true);
    expect(fieldsOf(collectionInputSchema.safeParse({ by: 'mail' }))).toEqual(['by']);
  });

  it('R19: the last six characters typed back must be the candidate’s (case and spaces ignored), else a 400 naming idLast6', () => {
    expect(() => checkIdTail(ID, ID.slice(-6).toLowerCase())).not.toThrow();
    expect(() => checkIdTail(ID, ` ${ID.slice(-6, -3)} ${ID.slice(-3)}`)).not.toThrow();
    for (const typed of [ID.slice(-5), ID.slice(0, 6), undefined, '']) {
      let err: unknown;
      try {
        checkIdTail(ID, typed);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).code).toBe('VALIDATION');
      expect((err as DomainError).details?.fields?.[0]?.field).toBe('idLast6');
    }
  });

  it('R19: a proxy’s ID number is kept masked and as a keyed hash, never whole; in person, no proxy', () => {
    const where = { city: '4101', siteName: '郑州市领取点', deptName: '郑州市城乡建设局' };
    const hash = (id: string) => `h(${id.length})`;
    const proxy = collectionRecord(
      { by: 'proxy', proxy: { name: '李四', idNumber: PROXY.toLowerCase(), letterMaterialId: 'm' } },
      '2026-03-02T02:00:00.000Z',
      where,
      hash,
    );
    expect(proxy).toEqual({
      by: 'proxy',
      at: '2026-03-02T02:00:00.000Z',
      ...where,
      proxy: {
        name: '李四',
        idMasked: `${PROXY.slice(0, 4)}**********${PROXY.slice(-4)}`,
        idHash: 'h(18)',
        letterMaterialId: 'm',
      },
    });
    expect(JSON.stringify(proxy)).not.toContain(PROXY);
    const self = collectionRecord({ by: 'self', idLast6: 'x' }, 't', { city: '4101', deptName: 'd' }, hash);
    expect(self).toEqual({ by: 'self', at: 't', city: '4101', deptName: 'd' });
  });
});

describe('R19, R20 where a certificate stands', () => {
  const now = at('2026-05-01T00:00:00Z');
  const receipt = {
    reference: 'HR-1',
    receivedAt: '2031-02-01T00:00:00Z',
    listedUpTo: '2031-01-10T00:00:00Z',
  };
  it('R19, R20: 待现场领取 while the site’s period runs, 代为保管 after it, 已领取 once collected, 已移交 once hr received the register holding it', () => {
    expect(paperStatusOf(facts(), 'collection', { closesOn: '2026-05-31' }, undefined, now)).toBe(
      'awaitingCollection',
    );
    expect(paperStatusOf(facts(), 'collection', undefined, undefined, now)).toBe('awaitingCollection');
    expect(paperStatusOf(facts(), 'collection', { closesOn: '2026-04-30' }, undefined, now)).toBe(
      'inCustody',
    );
    expect(paperStatusOf(facts(), 'delivery', { closesOn: '2026-04-30' }, undefined, now)).toBeNull();
    expect(paperStatusOf(facts({ collectedAt: 'x' }), 'done', undefined, receipt, now)).toBe('collected');
    const listed = facts({ transferListedAt: '2031-01-06T16:00:00.000Z' });
    expect(paperStatusOf(listed, 'done', undefined, undefined, now)).toBe('transferListed');
    expect(paperStatusOf(listed, 'done', undefined, receipt, now)).toBe('transferred');
    expect(
      paperStatusOf(listed, 'done', undefined, { ...receipt, listedUpTo: '2031-01-06T16:00:00.000Z' }, now),
    ).toBe('transferred');
    expect(
      paperStatusOf(listed, 'done', undefined, { ...receipt, listedUpTo: '2031-01-06T15:59:59.999Z' }, now),
    ).toBe('transferListed');
    expect(paperStatusWords).toMatchObject({
      awaitingCollection: '待现场领取',
      inCustody: '代为保管',
      transferred: '已移交',
      collected: '已领取',
    });
  });

  it('R20: the transfer register is the uncollected set at custodyEnds — put on it by the lifecycle, or still on site once it has passed', () => {
    const ends = '2031-01-07T00:00:00+08:00';
    expect(onTransferRegister(facts(), 'collection', ends, at('2031-01-06T15:59:59.999Z'))).toBe(false);
    expect(onTransferRegister(facts(), 'collection', ends, at('2031-01-06T16:00:00.000Z'))).toBe(true);
    expect(onTransferRegister(facts(), 'done', ends, at('2032-01-01T00:00:00Z'))).toBe(false);
    expect(
      onTransferRegister(facts({ transferListedAt: 'x' }), 'done', ends, at('2020-01-01T00:00:00Z')),
    ).toBe(true);
  });
});

describe('R20 the registers', () => {
  const c = {
    candidateNo: 'JZS120250001',
    name: '岳明辉',
    idNumber: ID,
    city: '4103',
    status: 'qualified' as const,
    certificate: { kind: 'paper' as const, number: 'P-1', issuedAt: '2025-06-01', status: 'valid' as const },
    ...facts(),
  };
  const custodyEnds = { date: '2031-01-06', endsAt: '2031-01-07T00:00:00+08:00' };
  const ctx = (phase: 'collection' | 'done', now: string, s = site) => ({
    phase,
    site: s,
    custodyEnds,
    now: at(now),
  });
  it('R20: the custody register holds certificates uncollected after their site closed, with the day custody ends', () => {
    expect(reportEntry('custody', c, ctx('collection', '2026-03-01T00:00:00Z'))).toBeNull();
    expect(reportEntry('custody', c, ctx('collection', '2026-04-01T00:00:00Z'))).toEqual({
      counts: ['kept'],
      line: custodyLine(c, site, '2031-01-06'),
    });
    expect(custodyLine(c, site, '2031-01-06')).toEqual([
      'JZS120250001',
      '岳明辉',
      `${ID.slice(0, 4)}**********${ID.slice(-4)}`,
      '洛阳市',
      'P-1',
      '郑州市领取点',
      '2026-03-31',
      '2031-01-06',
    ]);
    expect(reportEntry('custody', c, ctx('done', '2026-04-01T00:00:00Z'))).toBeNull();
    // past custodyEnds it is on the transfer register instead
    expect(reportEntry('custody', c, ctx('collection', '2031-01-07T00:00:00Z'))).toBeNull();
    expect(reportEntry('custody', c)).toBeNull();
    expect(reportSpecs.custody.columns).toHaveLength(8);
  });

  it('R20: the transfer register lists each with custody’s end and when it was put on it; counted by city', () => {
    const listed = { ...c, ...facts({ transferListedAt: '2031-01-06T16:00:05.000Z' }) };
    expect(reportEntry('transfer', listed, ctx('done', '2031-01-08T00:00:00Z'))).toEqual({
      counts: ['listed'],
      line: transferLine(listed, '2031-01-06', '2031-01-06T16:00:05.000Z'),
    });
    expect(reportEntry('transfer', c, ctx('collection', '2031-01-08T00:00:00Z'))?.line.at(-1)).toBe(
      custodyEnds.endsAt,
    );
    expect(reportEntry('transfer', c, ctx('collection', '2030-01-08T00:00:00Z'))).toBeNull();
    expect(transferLine(listed, '2031-01-06', 't')).toHaveLength(reportSpecs.transfer.columns.length);
    const counts = reportCounts('transfer', ['4101', '4103'], { '4103:listed': 2 });
    expect(counts.rows).toEqual([{ city: '4103', cityName: '洛阳市', listed: 2, total: 2 }]);
    expect(counts.total.total).toBe(2);
    expect(reportCounts('custody', ['4103'], { '4103:kept': 1 }).total).toMatchObject({ kept: 1, total: 1 });
  });

  it('R20: hr’s receipt names its reference (3–60 characters)', () => {
    expect(transferReceiptSchema.safeParse({ reference: 'HR-2031-01' }).success).toBe(true);
    expect(fieldsOf(transferReceiptSchema.safeParse({ reference: ' a ' }))).toEqual(['reference']);
    expect(fieldsOf(transferReceiptSchema.safeParse({}))).toEqual(['reference']);
  });
});

describe('R19, R20 the words of each refusal', () => {
  const messagesOf = (r: { success: boolean; error?: { issues: { message: string }[] } }) =>
    r.error?.issues.map((i) => i.message);
  const site = {
    name: '郑州市领取点',
    address: '郑州市金水区花园路 1 号',
    opensOn: '2026-03-01',
    closesOn: '2026-03-31',
    hours: '工作日 9:00–17:00',
  };
  it('R19: a site’s refusals say how to fix each field', () => {
    expect(messagesOf(siteInputSchema.safeParse({ ...site, name: '郑' }))).toEqual([
      '请填写领取点名称（至少2个字）',
    ]);
    expect(messagesOf(siteInputSchema.safeParse({ ...site, name: '郑'.repeat(61) }))).toEqual([
      '领取点名称不超过60个字',
    ]);
    expect(messagesOf(siteInputSchema.safeParse({ ...site, name: undefined }))).toEqual(['请填写领取点名称']);
    expect(messagesOf(siteInputSchema.safeParse({ ...site, address: '郑州' }))).toEqual([
      '请填写领取地址（至少4个字）',
    ]);
    expect(messagesOf(siteInputSchema.safeParse({ ...site, hours: '9' }))).toEqual([
      '请填写办理时间（至少2个字）',
    ]);
    expect(messagesOf(siteInputSchema.safeParse({ ...site, bring: 'x'.repeat(201) }))).toEqual([
      '携带材料不超过200个字',
    ]);
    expect(messagesOf(siteInputSchema.safeParse({ ...site, opensOn: '2026-02-30' }))).toEqual([
      '日期格式应为 YYYY-MM-DD 且须为真实日期',
    ]);
    expect(messagesOf(siteInputSchema.safeParse({ ...site, opensOn: 20260301 }))).toEqual([
      '请填写日期（YYYY-MM-DD）',
    ]);
    expect(messagesOf(siteInputSchema.safeParse({ ...site, closesOn: '2026-02-01' }))).toEqual([
      '领取截止日期不能早于开始日期',
    ]);
    expect(messagesOf(siteInputSchema.safeParse({ ...site, phone: '123' }))).toEqual([
      '咨询电话应为7–20位数字或连字符，如 0371-12345678',
    ]);
    expect(
      siteInputSchema.safeParse({ ...site, phone: '0371-12345678', name: '  郑州市领取点  ' }).data,
    ).toMatchObject({
      name: '郑州市领取点',
      phone: '0371-12345678',
    });
    expect(DEFAULT_BRING).toMatch(
      /^本人身份证原件；委托他人代领的，代领人须携带本人身份证原件和考生签名的代领委托书$/,
    );
  });
  it('R19: a collection’s refusals say what is missing', () => {
    expect(messagesOf(collectionInputSchema.safeParse({ by: 'self' }))).toEqual([
      '请核对考生身份证原件，并输入证件号码后6位',
    ]);
    expect(messagesOf(collectionInputSchema.safeParse({ by: 'self', idLast6: '1234567' }))).toEqual([
      '请输入身份证号码后6位',
    ]);
    expect(messagesOf(collectionInputSchema.safeParse({ by: 'x' }))).toEqual([
      '请选择领取方式：本人领取（self）或他人代领（proxy）',
    ]);
    expect(messagesOf(collectionInputSchema.safeParse({ by: 'proxy' }))).toEqual(['请上传代领委托书']);
    const proxy = (p: Record<string, unknown>) =>
      messagesOf(
        collectionInputSchema.safeParse({
          by: 'proxy',
          proxy: { name: '李四', idNumber: PROXY, letterMaterialId: 'abcdefghijk23456789-u', ...p },
        }),
      );
    expect(proxy({ letterMaterialId: 'x' })).toEqual(['请上传代领委托书（PDF、JPG 或 PNG）']);
    expect(proxy({ letterMaterialId: undefined })).toEqual(['请上传代领委托书']);
    expect(proxy({ idNumber: undefined })).toEqual(['请填写代领人身份证号码']);
    expect(proxy({ idNumber: '1'.repeat(31) })).toEqual([
      '身份证号码格式不正确',
      '身份证号应为18位，前17位为数字，最后一位为数字或X',
    ]);
    expect(proxy({ name: '李' })).toEqual(['请填写代领人姓名（至少2个字）']);
    expect(proxy({ extra: 1 })?.length).toBe(1);
    // the ID check's message says what to do
    let err: unknown;
    try {
      checkIdTail(ID, '000000');
    } catch (e) {
      err = e;
    }
    expect((err as DomainError).message).toBe('身份证号码后六位与考生记录不符，请核对身份证原件');
    expect((err as DomainError).details?.fields?.[0]?.message).toBe(
      '身份证号码后六位与考生记录不符，请核对身份证原件',
    );
  });
  it('R20: the receipt’s reference is required, 3–60 characters', () => {
    expect(messagesOf(transferReceiptSchema.safeParse({}))).toEqual(['请填写移交接收凭证编号']);
    expect(messagesOf(transferReceiptSchema.safeParse({ reference: 'ab' }))).toEqual([
      '移交接收凭证编号至少3个字符',
    ]);
    expect(messagesOf(transferReceiptSchema.safeParse({ reference: 'a'.repeat(61) }))).toEqual([
      '移交接收凭证编号不超过60个字符',
    ]);
    expect(transferReceiptSchema.safeParse({ reference: ` ${'a'.repeat(60)} ` }).success).toBe(true);
  });
});
