import { createHmac, randomBytes, randomInt } from 'node:crypto';

const B32 = 'abcdefghijkmnpqrstuvwxyz23456789';

function base32(buf: Uint8Array, len: number): string {
  let out = '';
  for (let i = 0; i < len; i++) out += B32[(buf[i] as number) % 32];
  return out;
}

/**
 * A person's pseudonymous id: HMAC-SHA256 of the ID number under a secret key, so keys, URLs and logs
 * never carry ID numbers and cannot be reversed by enumerating the (small) space of ID numbers.
 */
export function personIdOf(idNumber: string): string {
  const key = process.env.PERSON_ID_KEY;
  if (!key) throw new Error('PERSON_ID_KEY is not set');
  return base32(createHmac('sha256', key).update(idNumber).digest(), 20);
}

/** A time-ordered unique id: ISO-sortable prefix + randomness. */
export function newId(now = new Date()): string {
  return `${now.getTime().toString(36).padStart(9, '0')}${base32(randomBytes(10), 10)}`;
}

export function otpCode(digits: number): string {
  return String(randomInt(0, 10 ** digits)).padStart(digits, '0');
}

export function hashOtp(personId: string, code: string): string {
  return createHmac('sha256', process.env.PERSON_ID_KEY ?? '')
    .update(`${personId}:${code}`)
    .digest('hex');
}
