import { createHash, createHmac, randomBytes, randomInt } from 'node:crypto';

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

/** An unguessable token: `bytes` random bytes, URL-safe (18 bytes → 24 characters). */
export function randomToken(bytes = 18): string {
  return randomBytes(bytes).toString('base64url');
}

/** The stored form of a secret token handed to someone (a sign-in grant): its SHA-256, hex. */
export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

/**
 * The network a request came from, as counted by the sign-in limits: an IPv4 address, or an IPv6
 * address's /64 (one subscriber's usual allocation, so rotating through it does not make new clients).
 */
export function clientNetwork(address: string): string {
  const a = address.trim().toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(a);
  if (mapped) return mapped[1] as string;
  if (!a.includes(':')) return a;
  const [head = '', tail = ''] = a.split('%')[0]?.split('::') ?? [];
  const h = head ? head.split(':') : [];
  const t = a.includes('::') && tail ? tail.split(':') : [];
  const groups = a.includes('::')
    ? [...h, ...Array(Math.max(0, 8 - h.length - t.length)).fill('0'), ...t]
    : h;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/** A client's key for the sign-in counters: an HMAC of its network, so no address is stored. */
export function clientKeyOf(address: string): string {
  const key = process.env.PERSON_ID_KEY;
  if (!key) throw new Error('PERSON_ID_KEY is not set');
  return base32(
    createHmac('sha256', key)
      .update(`client:${clientNetwork(address)}`)
      .digest(),
    20,
  );
}
