import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkCharacter,
  idNumberMessages,
  idNumberProblem,
  isValidIdNumber,
  normalizeIdNumber,
  syntheticIdNumber,
} from '../../functions/domain/id-number.js';

// Independent oracle (not the implementation's table): ISO 7064 MOD 11-2, weight of position i is
// 2^(17 - i) mod 11, check value (12 - sum mod 11) mod 11, written X for 10.
const oracleCheck = (first17: string): string => {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (2 ** (17 - i) % 11);
  const v = (12 - (sum % 11)) % 11;
  return v === 10 ? 'X' : String(v);
};
/** a synthetic number: area code, birth date (YYYYMMDD, possibly impossible), 3-digit order */
const withCheck = (first17: string) => first17 + oracleCheck(first17);
const fake = (birth: string, order = '901', area = '410105') => withCheck(`${area}${birth}${order}`);

describe('GB 11643 check character', () => {
  it('agrees with ISO 7064 MOD 11-2 for any 17 digits (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{17}$/), (first17) => {
        expect(checkCharacter(first17)).toBe(oracleCheck(first17));
      }),
      { numRuns: 500 },
    );
  });

  it('gives each of the 11 check characters for some input', () => {
    const seen = new Set<string>();
    for (let n = 0; n < 200; n++) seen.add(checkCharacter(`4101051990030${String(n).padStart(4, '0')}`));
    expect([...seen].sort()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X']);
  });
});

describe('normalizeIdNumber', () => {
  it('strips every kind of whitespace and upper-cases a trailing x', () => {
    expect(normalizeIdNumber('4101 0519 9003 0790 1x')).toBe('41010519900307901X');
    expect(normalizeIdNumber('  410105\t19900307\n901x  ')).toBe('41010519900307901X');
    expect(normalizeIdNumber('410105\u300019900307901X')).toBe('41010519900307901X'); // ideographic space
    expect(normalizeIdNumber('41010519900307901X')).toBe('41010519900307901X');
  });

  it('a number typed with spaces and a lower-case x is valid', () => {
    const id = fake('19900307');
    expect(isValidIdNumber(`${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`.toLowerCase())).toBe(true);
  });
});

describe('idNumberProblem', () => {
  it('format: 18 characters, 17 digits then a digit or X, nothing before or after', () => {
    const valid = fake('19900307');
    expect(idNumberProblem(valid)).toBeNull();
    expect(idNumberProblem(`A${valid}`)).toBe('format');
    expect(idNumberProblem(`1${valid}`)).toBe('format');
    expect(idNumberProblem(`${valid}A`)).toBe('format');
    expect(idNumberProblem(`${valid}1`)).toBe('format');
    expect(idNumberProblem(valid.slice(0, 17))).toBe('format');
    expect(idNumberProblem(`${valid.slice(0, 16)}X${valid.slice(17)}`)).toBe('format'); // X only last
    expect(idNumberProblem('')).toBe('format');
  });

  it('birthDate: the date must exist and be in 1900 or later', () => {
    expect(idNumberProblem(fake('19000101'))).toBeNull();
    expect(idNumberProblem(fake('18991231'))).toBe('birthDate');
    expect(idNumberProblem(fake('00000101'))).toBe('birthDate');
    expect(idNumberProblem(fake('19901301'))).toBe('birthDate'); // month 13
    expect(idNumberProblem(fake('19900010'))).toBe('birthDate'); // month 00
    expect(idNumberProblem(fake('19900100'))).toBe('birthDate'); // day 00
    expect(idNumberProblem(fake('19900431'))).toBe('birthDate'); // 31 April
    expect(idNumberProblem(fake('19900229'))).toBe('birthDate'); // 1990 is not a leap year
    expect(idNumberProblem(fake('20000229'))).toBeNull(); // 2000 is
    expect(idNumberProblem(fake('19991231'))).toBeNull();
  });

  it('checksum: a wrong check character is named as such', () => {
    const valid = fake('19900307');
    const wrong = valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0');
    expect(idNumberProblem(wrong)).toBe('checksum');
    expect(isValidIdNumber(wrong)).toBe(false);
  });

  it('every problem has a message telling the person what to check', () => {
    expect(Object.keys(idNumberMessages).sort()).toEqual(['birthDate', 'checksum', 'format']);
    expect(idNumberMessages.format).toContain('18位');
    expect(idNumberMessages.format).toContain('X');
    expect(idNumberMessages.birthDate).toContain('出生日期');
    expect(idNumberMessages.checksum).toContain('校验位');
  });
});

describe('syntheticIdNumber', () => {
  it('is the area code, the birth date, a 9xx order and the check character', () => {
    expect(syntheticIdNumber('410105', '1990-03-07', 1)).toBe(withCheck('41010519900307901'));
    expect(syntheticIdNumber('410105', '1990-03-07', 0)).toBe(withCheck('41010519900307900'));
    expect(syntheticIdNumber('410105', '1990-03-07', 42)).toBe(withCheck('41010519900307942'));
    expect(syntheticIdNumber('410105', '1990-03-07', 123)).toBe(withCheck('41010519900307923'));
  });

  it('pads a short area code with zeros and cuts a long one to 6 digits', () => {
    expect(syntheticIdNumber('4101', '1985-12-01', 7)).toBe(withCheck('41010019851201907'));
    expect(syntheticIdNumber('41010599', '1985-12-01', 7)).toBe(withCheck('41010519851201907'));
  });
});
