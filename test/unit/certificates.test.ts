import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CertificateRecord,
  CHECK_LIMITS,
  CHECK_NAME_MAX,
  type CheckedCertificate,
  canonicalJson,
  certificateClaims,
  certificateNumber,
  checkAnswer,
  checkableCertificateNumber,
  checkCharacters,
  downloadableCertificate,
  NO_REISSUE_MESSAGE,
  NOT_FOUND,
  normalizeCertificateNumber,
  parseCertificateNumber,
  reissueRefusal,
  replaceCertificate,
  revokeCertificate,
  SEAL_MAX_BYTES,
  SEAL_PIXELS,
  SEQ_MAX,
  sealProblem,
  validCertificateNumber,
} from '../../functions/domain/certificates.js';
import { SAMPLE_ID_NUMBER, sampleFacts } from '../support/certificates.js';

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ID = SAMPLE_ID_NUMBER;
const facts = sampleFacts();

const parts = fc.record({
  examType: fc.stringMatching(/^[A-Z0-9]{2,8}$/),
  year: fc.integer({ min: 1000, max: 9999 }),
  seq: fc.integer({ min: 0, max: SEQ_MAX }),
});

describe('certificate number (R17)', () => {
  it('R17: the number reads HN-{examType}-{year}-{seq, 5 base-32}-{2 check characters}', () => {
    expect(certificateNumber({ examType: 'JZS2', year: 2025, seq: 0 })).toMatch(
      /^HN-JZS2-2025-00000-[A-Z0-9]{2}$/,
    );
    expect(certificateNumber({ examType: 'JZS2', year: 2025, seq: 32 })).toMatch(/^HN-JZS2-2025-00010-/);
    expect(certificateNumber({ examType: 'ZJS2', year: 2026, seq: SEQ_MAX })).toMatch(/^HN-ZJS2-2026-ZZZZZ-/);
    // the Crockford alphabet: no I, L, O, U
    expect(certificateNumber({ examType: 'JZS2', year: 2025, seq: 18 })).toMatch(/-0000J-/);
    expect(certificateNumber({ examType: 'JZS2', year: 2025, seq: 27 })).toMatch(/-0000V-/);
  });

  it('R17: the check characters are ISO 7064 MOD 1271-36 (a known value)', () => {
    // computed by hand: the whole string with its check characters is ≡ 1 (mod 1271)
    expect(checkCharacters('')).toBe('01');
    expect(checkCharacters('0')).toBe('01');
    expect(checkCharacters('1')).toBe('YN');
    expect(checkCharacters('A')).toBe('SE');
    expect(checkCharacters('HNJZS2202500000')).toHaveLength(2);
  });

  it('R17: a number parses back to its parts, and only a checking number is valid', () => {
    fc.assert(
      fc.property(parts, (p) => {
        const n = certificateNumber(p);
        expect(n.length).toBeLessThanOrEqual(25);
        expect(checkableCertificateNumber(n)).toBe(true);
        expect(parseCertificateNumber(n)).toEqual(p);
        expect(validCertificateNumber(n)).toBe(true);
      }),
    );
  });

  it('R17: any one changed character is caught by the check characters', () => {
    fc.assert(
      fc.property(parts, fc.nat(), fc.constantFrom(...ALNUM), (p, at, ch) => {
        const n = certificateNumber(p);
        const positions = [...n].flatMap((c, i) => (c === '-' ? [] : [i]));
        const i = positions[at % positions.length] as number;
        fc.pre(n[i] !== ch);
        expect(validCertificateNumber(`${n.slice(0, i)}${ch}${n.slice(i + 1)}`)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('R17: any swap of two neighbouring characters (hyphens skipped) is caught', () => {
    fc.assert(
      fc.property(parts, (p) => {
        const n = certificateNumber(p);
        const positions = [...n].flatMap((c, i) => (c === '-' ? [] : [i]));
        for (let k = 0; k + 1 < positions.length; k++) {
          const [i, j] = [positions[k] as number, positions[k + 1] as number];
          if (n[i] === n[j]) continue;
          const swapped = [...n];
          [swapped[i], swapped[j]] = [n[j] as string, n[i] as string];
          expect([k, validCertificateNumber(swapped.join(''))]).toEqual([k, false]);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('R17: a malformed number is not valid (prefix, lengths, Crockford letters, hyphens)', () => {
    const n = certificateNumber({ examType: 'JZS2', year: 2025, seq: 10 });
    for (const bad of [
      n.replace('HN-', 'HX-'),
      n.replace('-2025-', '-025-'),
      n.replace('JZS2', 'J'),
      n.replace('JZS2', 'JZS2JZS2J'),
      n.slice(0, -1),
      `${n}0`,
      n.replaceAll('-', ''),
      ` ${n}`,
      // a leading 0 or hyphen leaves the check characters' sum as it is: the format must reject them
      `0${n}`,
      `-${n}`,
      `${n}-`,
      n.toLowerCase(),
      '',
    ])
      expect([bad, validCertificateNumber(bad)]).toEqual([bad, false]);
    // I, L, O, U are not base-32 digits even where the check characters would agree
    const body = 'HN-JZS2-2025-0000I';
    expect(validCertificateNumber(`${body}-${checkCharacters(body.replaceAll('-', ''))}`)).toBe(false);
  });

  it('R17: the parts must fit the format', () => {
    expect(() => certificateNumber({ examType: 'jzs2', year: 2025, seq: 1 })).toThrow(/exam type/);
    expect(() => certificateNumber({ examType: 'J', year: 2025, seq: 1 })).toThrow(/exam type/);
    expect(() => certificateNumber({ examType: 'ABCDEFGHI', year: 2025, seq: 1 })).toThrow(/exam type/);
    expect(() => certificateNumber({ examType: 'JZS2', year: 999, seq: 1 })).toThrow(/year/);
    expect(() => certificateNumber({ examType: 'JZS2', year: 10000, seq: 1 })).toThrow(/year/);
    expect(() => certificateNumber({ examType: 'JZS2', year: 2025.5, seq: 1 })).toThrow(/year/);
    expect(() => certificateNumber({ examType: 'JZS2', year: 2025, seq: -1 })).toThrow(/seq/);
    expect(() => certificateNumber({ examType: 'JZS2', year: 2025, seq: SEQ_MAX + 1 })).toThrow(/seq/);
    expect(() => certificateNumber({ examType: 'JZS2', year: 2025, seq: 1.5 })).toThrow(/seq/);
    expect(certificateNumber({ examType: 'AB', year: 1000, seq: 0 })).toMatch(/^HN-AB-1000-00000-/);
    expect(certificateNumber({ examType: 'ABCDEFGH', year: 9999, seq: 1 })).toMatch(
      /^HN-ABCDEFGH-9999-00001-/,
    );
  });

  it('R25: the check takes at most 40 characters of [A-Z0-9-]; what is typed is trimmed and upper-cased', () => {
    expect(checkableCertificateNumber('A'.repeat(40))).toBe(true);
    expect(checkableCertificateNumber('A'.repeat(41))).toBe(false);
    expect(checkableCertificateNumber('HN-JZS2-2025-0000A-7Q')).toBe(true);
    expect(checkableCertificateNumber('HN_JZS2')).toBe(false);
    expect(checkableCertificateNumber('hn-jzs2')).toBe(false);
    expect(checkableCertificateNumber('HN JZS2')).toBe(false);
    expect(checkableCertificateNumber('')).toBe(false);
    expect(normalizeCertificateNumber(' hn-jzs2-2025 -0000a-7q\n')).toBe('HN-JZS2-2025-0000A-7Q');
  });
});

describe('signed certificate data (R17, N4)', () => {
  it('R17: the claims are the certificate data: holder, exam, specialty, issue date, issuer, number, kind', () => {
    expect(certificateClaims(facts)).toEqual({
      v: 1,
      kind: 'electronic',
      number: facts.number,
      holder: { name: '张三', idNumberMasked: '4101**********901X' },
      exam: { id: 'JZS2-2025', name: '2025年度二级建造师' },
      specialty: '建筑工程',
      issuedAt: '2025-12-01',
      issuer: '河南省人力资源和社会保障厅',
    });
    const { specialty: _s, ...noSpecialty } = facts;
    expect(certificateClaims(noSpecialty)).not.toHaveProperty('specialty');
    expect(certificateClaims({ ...facts, specialty: '' })).not.toHaveProperty('specialty');
  });

  it('N4: the signed data holds the ID number only masked: never the full number, nor a hash of it', async () => {
    const { createHash } = await import('node:crypto');
    const json = canonicalJson(certificateClaims({ ...facts, idNumber: '41010519900307901x' }));
    expect(json).toContain('4101**********901X');
    expect(json).not.toContain(ID);
    expect(json).not.toContain('19900307');
    for (const alg of ['sha256', 'sha1', 'md5'])
      for (const enc of ['hex', 'base64', 'base64url'] as const)
        expect(json).not.toContain(createHash(alg).update(ID).digest(enc));
  });

  it('R17: claims need a valid number and an issue date YYYY-MM-DD', () => {
    expect(() => certificateClaims({ ...facts, number: 'HN-JZS2-2025-0000A-00' })).toThrow(/number/);
    expect(() => certificateClaims({ ...facts, issuedAt: '2025-12-1' })).toThrow(/issuedAt/);
    expect(() => certificateClaims({ ...facts, issuedAt: 'x2025-12-01' })).toThrow(/issuedAt/);
    expect(() => certificateClaims({ ...facts, issuedAt: '2025-12-01x' })).toThrow(/issuedAt/);
  });

  it('R17: canonical JSON sorts keys at every level, drops undefined, keeps arrays in order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 'x' }], c: undefined } })).toBe(
      '{"a":{"d":[2,{"e":"x","f":1}]},"b":1}',
    );
    expect(canonicalJson(certificateClaims(facts))).toBe(
      canonicalJson(JSON.parse(JSON.stringify(certificateClaims(facts)))),
    );
    expect(canonicalJson('张"三')).toBe('"张\\"三"');
    expect(canonicalJson(null)).toBe('null');
    expect(canonicalJson({ c: 3, a: 1, d: 4, b: 2 })).toBe('{"a":1,"b":2,"c":3,"d":4}');
  });
});

const record: CertificateRecord = {
  kind: 'electronic',
  number: facts.number,
  issuedAt: '2025-12-01',
  status: 'valid',
  signed: 'h.p.s',
};

describe('certificate status (R14)', () => {
  it('R14: a revocation makes a valid certificate revoked with its date; once', () => {
    const revoked = revokeCertificate(record, '2026-01-05');
    expect(revoked).toEqual({ ...record, status: 'revoked', revokedAt: '2026-01-05' });
    expect(revokeCertificate(revoked, '2026-02-01')).toBe(revoked);
    expect(record.status).toBe('valid');
  });

  it('R14: a valid certificate may be replaced; a revoked or replaced one stays as it is', () => {
    const replaced = replaceCertificate(record, '2026-01-06');
    expect(replaced).toEqual({ ...record, status: 'replaced', replacedAt: '2026-01-06' });
    expect(replaceCertificate(replaced, '2026-02-01')).toBe(replaced);
    expect(revokeCertificate(replaced, '2026-02-01')).toBe(replaced);
    const revoked = revokeCertificate(record, '2026-01-05');
    expect(replaceCertificate(revoked, '2026-02-01')).toBe(revoked);
  });
});

describe('the downloadable certificate (R17)', () => {
  it('R17: an electronic certificate, valid or revoked, has a PDF; a replaced, a paper or no certificate none', () => {
    expect(downloadableCertificate(record)).toBe(true);
    expect(downloadableCertificate(revokeCertificate(record, '2026-01-05'))).toBe(true);
    expect(downloadableCertificate(replaceCertificate(record, '2026-01-06'))).toBe(false);
    expect(downloadableCertificate({ ...record, kind: 'paper' })).toBe(false);
    expect(downloadableCertificate(undefined)).toBe(false);
  });
});

describe('public certificate check (R25)', () => {
  const found: CheckedCertificate = {
    certificate: record,
    holderName: '张三',
    idNumber: ID,
    exam: facts.exam,
  };

  it('R25: a right name gets the status, kind, exam, issue date and the signed data', () => {
    expect(checkAnswer(found, { name: '张 三' })).toEqual({
      status: 'valid',
      kind: 'electronic',
      exam: facts.exam,
      issuedAt: '2025-12-01',
      signed: 'h.p.s',
    });
  });

  it('R25: a wrong name answers exactly as an unknown number (not_found alone)', () => {
    expect(checkAnswer(found, { name: '李四', idNumber: ID })).toEqual(
      checkAnswer(undefined, { name: '李四' }),
    );
    expect(checkAnswer(found, { name: '李四' })).toEqual({ status: 'not_found' });
    expect(checkAnswer(found, { name: '' })).toEqual(NOT_FOUND);
    expect(Object.keys(checkAnswer(found, { name: '张' }))).toEqual(['status']);
  });

  it('R14: a revoked certificate reads revoked with its date, not its reason', () => {
    const c = { ...found, certificate: revokeCertificate(record, '2026-01-05') };
    expect(checkAnswer(c, { name: '张三' })).toEqual({
      status: 'revoked',
      kind: 'electronic',
      exam: facts.exam,
      issuedAt: '2025-12-01',
      revokedAt: '2026-01-05',
      signed: 'h.p.s',
    });
    // a date left on a record that is not revoked (a replaced one) is not said
    const replaced = {
      ...found,
      certificate: { ...replaceCertificate(record, '2026-01-05'), revokedAt: '2026-01-01' },
    };
    expect(checkAnswer(replaced, { name: '张三' })).not.toHaveProperty('revokedAt');
  });

  it('N4: a full ID number given is only compared: the answer says whether it matches, never the number', () => {
    const yes = checkAnswer(found, { name: '张三', idNumber: ' 41010519900307901x' });
    expect(yes).toMatchObject({ idNumberMatches: true });
    expect(checkAnswer(found, { name: '张三', idNumber: '410105199003079011' })).toMatchObject({
      idNumberMatches: false,
    });
    expect(JSON.stringify(yes)).not.toContain('19900307');
    expect(checkAnswer(found, { name: '张三' })).not.toHaveProperty('idNumberMatches');
  });

  it('R25: a paper certificate has no signed data to give', () => {
    const paper = { ...found, certificate: { ...record, kind: 'paper' as const } };
    expect(checkAnswer(paper, { name: '张三' })).not.toHaveProperty('signed');
    const { signed: _s, ...unsigned } = record;
    expect(checkAnswer({ ...found, certificate: unsigned }, { name: '张三' })).not.toHaveProperty('signed');
  });
});

describe('reissue requests (R21)', () => {
  it('R21: an electronic certificate — or an electronic exam without one yet — is never reissued: 409 quoting R21', () => {
    for (const e of [reissueRefusal({ kind: 'electronic' }, true), reissueRefusal(undefined, true)]) {
      expect(e?.code).toBe('CONFLICT');
      expect(e?.message).toBe(NO_REISSUE_MESSAGE);
      expect(e?.details).toEqual({ rule: 'R21' });
    }
    expect(NO_REISSUE_MESSAGE).toContain('R21');
    expect(NO_REISSUE_MESSAGE).toContain('同等效力');
    // an electronic certificate recorded on a paper exam is still electronic
    expect(reissueRefusal({ kind: 'electronic' }, false)?.code).toBe('CONFLICT');
    // paper: the paper-certificate issue's to decide
    expect(reissueRefusal({ kind: 'paper' }, false)).toBeNull();
    expect(reissueRefusal(undefined, false)).toBeNull();
  });

  it('R25: the check’s limits: per client in a window and overall', () => {
    expect(CHECK_LIMITS).toEqual({
      client: { windowMs: 900_000, max: 60 },
      overall: { ratePerSecond: 50, burst: 100 },
    });
    expect(CHECK_NAME_MAX).toBe(60);
  });
});

describe("the issuing department's seal (R17)", () => {
  /** a PNG's first 24 bytes (signature, IHDR length and type, width, height), padded to `size` */
  const png = (w: number, h: number, size = 64) => {
    const b = Buffer.alloc(size);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]).copy(
      b,
    );
    b.writeUInt32BE(w, 16);
    b.writeUInt32BE(h, 20);
    return b;
  };

  it('R17: a seal is a PNG by its bytes, at most 200 KB, 64–2000 pixels a side', () => {
    expect(sealProblem(png(300, 300))).toBeNull();
    expect(sealProblem(png(SEAL_PIXELS.min, SEAL_PIXELS.max))).toBeNull();
    expect(sealProblem(png(300, 300, SEAL_MAX_BYTES))).toBeNull();
    expect(sealProblem(new Uint8Array())).toBe('请选择印章图片');
    expect(sealProblem(png(300, 300, SEAL_MAX_BYTES + 1))).toBe('印章图片不超过 200 KB');
    const notPng = '印章图片应为 PNG 格式';
    expect(sealProblem(Buffer.from(`GIF89a${'x'.repeat(40)}`))).toBe(notPng);
    expect(sealProblem(png(300, 300).subarray(0, 23))).toBe(notPng);
    for (const i of [0, 7, 12, 15]) {
      const b = png(300, 300);
      b[i] = 0;
      expect(sealProblem(b)).toBe(notPng);
    }
    const sides = '印章图片的宽和高应在 64 至 2000 像素之间';
    expect(sealProblem(png(SEAL_PIXELS.min - 1, 300))).toBe(sides);
    expect(sealProblem(png(300, SEAL_PIXELS.min - 1))).toBe(sides);
    expect(sealProblem(png(SEAL_PIXELS.max + 1, 300))).toBe(sides);
    expect(sealProblem(png(300, SEAL_PIXELS.max + 1))).toBe(sides);
    // read where the bytes are, also inside a larger buffer
    const inside = Buffer.concat([Buffer.alloc(5), png(300, 300)]).subarray(5);
    expect(sealProblem(inside)).toBeNull();
  });
});
