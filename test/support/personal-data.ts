/**
 * N4: a detector for full personal data in text (logs, server output, public pages): 18-character ID
 * numbers whose birth date and check character are valid (functions/domain/id-number.ts), and mainland
 * mobile numbers (1[3-9] and 9 digits). A masked value (4101**********1234, 139****1234) is not one.
 */
import { isValidIdNumber } from '../../functions/domain/id-number.js';
import { maskIdNumber, maskPhone } from '../../functions/domain/masking.js';

export interface PersonalData {
  idNumbers: string[];
  phones: string[];
}

const ID = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
const PHONE = /(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])/g;

/** Full ID numbers and phone numbers in `text` (each once). */
export function personalDataIn(text: string): PersonalData {
  const idNumbers = [...new Set(text.match(ID) ?? [])].filter((s) => isValidIdNumber(s));
  const phones = [...new Set(text.match(PHONE) ?? [])];
  return { idNumbers, phones };
}

/** the start-up banner's demo login lines (`    <ID number>  <name>  (<exam>)`, scripts/start.ts) */
const BANNER_LOGIN = /^ {4}\d{17}[\dX] {2}\S+ {2}\([A-Z0-9-]+\)$/;

/**
 * N4: the full ID numbers and phone numbers in these output lines, masked for the report — the start-up
 * banner's synthetic demo logins excepted, and only those.
 */
export function fullPersonalData(lines: readonly string[]): string[] {
  return lines
    .filter((l) => !BANNER_LOGIN.test(l))
    .map(personalDataIn)
    .flatMap((p) => [...p.idNumbers.map(maskIdNumber), ...p.phones.map(maskPhone)]);
}

/**
 * Everything written to the console and to stdout/stderr (where the Powertools logger writes) until
 * `stop()`, line by line; still passed on to the real streams when `echo` is set.
 */
export function captureOutput(echo = false): { lines: string[]; stop(): void } {
  const lines: string[] = [];
  const take = (chunk: unknown) => {
    const text =
      typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString() : String(chunk);
    lines.push(...text.split('\n').filter(Boolean));
  };
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const saved = methods.map((m) => console[m]);
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
    take(chunk);
    return echo ? out(chunk as string, ...(rest as [])) : true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: unknown, ...rest: unknown[]) => {
    take(chunk);
    return echo ? err(chunk as string, ...(rest as [])) : true;
  }) as typeof process.stderr.write;
  methods.forEach((m, i) => {
    console[m] = (...args: unknown[]) => {
      take(
        args
          .map((a) => (typeof a === 'string' ? a : a instanceof Error ? a.stack : JSON.stringify(a)))
          .join(' '),
      );
      if (echo) (saved[i] as (...a: unknown[]) => void)(...args);
    };
  });
  return {
    lines,
    stop() {
      process.stdout.write = out;
      process.stderr.write = err;
      methods.forEach((m, i) => {
        console[m] = saved[i] as (typeof console)[typeof m];
      });
    },
  };
}
