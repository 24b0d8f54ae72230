import { checkCertificate } from '../acts/certificate-check.js';
import { DomainError } from '../domain/errors.js';
import { checkProblemPage, checkResultPage } from '../lib/check-answer-page.js';
import { clientAddressOf, httpHandler, parseOrThrow } from '../lib/http.js';
import { api, certificateCheckQuery, certificateNumberPath } from '../routes/certificate-check.js';

/** GET /api/public/certificates/{number}?name=…[&idNumber=…] — public, limited per client and overall (R25). */
export const getCertificateCheck = httpHandler(api.getCertificateCheck, async ({ path, query, event }) =>
  checkCertificate(path.number, query, clientAddressOf(event)),
);

const htmlPage = (status: number, text: string, retry?: unknown) => ({
  status,
  text,
  headers: {
    'content-type': 'text/html; charset=utf-8',
    'x-content-type-options': 'nosniff',
    ...(typeof retry === 'number' ? { 'retry-after': String(retry) } : {}),
  },
});

const numberMissing = () =>
  new DomainError('VALIDATION', '请填写证书编号', {
    fields: [{ field: 'query.number', message: '请填写证书编号' }],
  });

/**
 * GET /api/public/certificate-check?number=…&name=…[&idNumber=…] — the check page's form without
 * JavaScript: the same check (R25, R14) answered as a page, a bad field too (400 naming it). A form
 * sends an optional field empty: an empty ID number is "not given".
 */
export const getCertificateCheckPage = httpHandler(api.getCertificateCheckPage, async ({ query, event }) => {
  try {
    if (!query.number?.trim()) throw numberMissing();
    const { number } = parseOrThrow(certificateNumberPath, { number: query.number }, 'query');
    const ask = parseOrThrow(
      certificateCheckQuery,
      { name: query.name, ...(query.idNumber?.trim() ? { idNumber: query.idNumber } : {}) },
      'query',
    );
    const answer = await checkCertificate(number, ask, clientAddressOf(event));
    return htmlPage(200, checkResultPage(answer, { number, name: ask.name }));
  } catch (e) {
    if (e instanceof DomainError)
      return htmlPage(e.status, checkProblemPage(e), e.details?.retryAfterSeconds);
    throw e;
  }
});
