/**
 * Resident ID numbers (GB 11643-1999): 17 digits + a check character computed with ISO 7064 MOD 11-2.
 * Used to validate what candidates and staff type, and to make synthetic demo data.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK = '10X98765432';

/** The check character for the first 17 digits. */
export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] as number);
  return CHECK[sum % 11] as string;
}

/** Upper-cases a trailing x and strips spaces, so "4101 0519900307 123x" is read as typed intended. */
export function normalizeIdNumber(raw: string): string {
  // Stryker disable next-line Regex: /\s/g and /\s+/g replaced by '' both remove every whitespace character
  return raw.replace(/\s+/g, '').toUpperCase();
}

export type IdNumberProblem = 'format' | 'birthDate' | 'checksum';

/** Why an ID number is not valid, or null when it is. */
export function idNumberProblem(raw: string): IdNumberProblem | null {
  const id = normalizeIdNumber(raw);
  if (!/^\d{17}[\dX]$/.test(id)) return 'format';
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return 'birthDate';
  }
  // Stryker disable next-line MethodExpression: checkCharacter reads only the first 17 characters anyway
  if (checkCharacter(id.slice(0, 17)) !== id[17]) return 'checksum';
  return null;
}

export const isValidIdNumber = (raw: string): boolean => idNumberProblem(raw) === null;

export const idNumberMessages: Record<IdNumberProblem, string> = {
  format: '身份证号应为18位，前17位为数字，最后一位为数字或X',
  birthDate: '身份证号中的出生日期不存在，请核对',
  checksum: '身份证号校验位不正确，请逐位核对',
};

/**
 * A synthetic ID number with a valid checksum, for demo data and tests. `seq` makes it deterministic;
 * the 3-digit sequence part starts at 9xx so a generated number is recognisably synthetic.
 */
export function syntheticIdNumber(areaCode: string, birth: string, seq: number): string {
  // Stryker disable next-line StringLiteral: String(900 + seq % 100) is never under 3 characters: no padding
  const order = String(900 + (seq % 100)).padStart(3, '0');
  const first17 = `${areaCode.padEnd(6, '0').slice(0, 6)}${birth.replaceAll('-', '')}${order}`;
  return first17 + checkCharacter(first17);
}
