/**
 * The public certificate check (R25, R14).
 *
 * The check: one GetItem of the lookup item keyed by the number (functions/lib/certificates.ts), the
 * answer decided by the domain (`checkAnswer`): a wrong name answers exactly as an unknown number, a
 * revoked certificate reads `revoked` with its date (not its reason). A full ID number the asker gives is
 * compared with the record's and only whether it matches is answered: it is never stored or logged.
 * Limited per client (its network, counted as the sign-in counts) and overall (a token bucket in the
 * process; on AWS the route's throttle and a WAF rate rule).
 */

import { CHECK_LIMITS, type CheckAnswer, checkAnswer, NOT_FOUND } from '../domain/certificates.js';
import { DomainError } from '../domain/errors.js';
import { tooMany, windowOf } from '../domain/sign-in-limits.js';
import { readCandidate } from '../lib/candidates.js';
import { readCertificateLookup } from '../lib/certificates.js';
import { now } from '../lib/clock.js';
import { clientKeyOf } from '../lib/ids.js';
import { countInWindow } from '../lib/login-codes.js';
import { TokenBucket } from '../lib/rate-limit.js';

const overall = new TokenBucket(CHECK_LIMITS.overall);
const clientCounter = (client: string, index: number) => `c#${client}#${index}`;

const busy = () =>
  new DomainError('TOO_MANY_REQUESTS', '当前查询证书的人数较多，请稍后再试', { retryAfterSeconds: 5 });

/** GET /api/public/certificates/{number}: the check's answer (number already normalized and checked). */
export async function checkCertificate(
  number: string,
  ask: { name: string; idNumber?: string | undefined },
  clientAddress: string,
): Promise<CheckAnswer> {
  if (!overall.tryTake()) throw busy();
  const t = now().getTime();
  const w = windowOf(t, CHECK_LIMITS.client.windowMs);
  const counted = await countInWindow(clientCounter(clientKeyOf(clientAddress), w.index), w.ends, 'starts');
  if (counted.starts > CHECK_LIMITS.client.max) throw tooMany('本设备查询证书的次数过多', w.ends, t);
  const l = await readCertificateLookup(number);
  if (!l) return NOT_FOUND;
  // the full ID number is read from the record only when the asker gives one to compare
  const idNumber =
    ask.idNumber === undefined ? '' : ((await readCandidate(l.exam.id, l.personId))?.idNumber ?? '');
  return checkAnswer(
    {
      certificate: {
        kind: l.kind,
        number: l.number,
        issuedAt: l.issuedAt,
        status: l.status,
        ...(l.revokedAt ? { revokedAt: l.revokedAt } : {}),
        ...(l.replacedAt ? { replacedAt: l.replacedAt } : {}),
        ...(l.reissued ? { reissued: true as const } : {}),
        ...(l.signed ? { signed: l.signed } : {}),
      },
      holderName: l.holderName,
      idNumber,
      exam: l.exam,
    },
    ask.idNumber === undefined ? { name: ask.name } : { name: ask.name, idNumber: ask.idNumber },
  );
}

// POST /api/exams/{examId}/reissue-requests (R21, 补发): functions/acts/certificate-batches.ts
