/**
 * Objections during the notice (functions/acts/objections.ts): the public posts one — as JSON from a
 * script, or the notice page's form without JavaScript, which gets an HTML page back (the receipt, or the
 * problems by field, with the status a JSON caller would get); staff in scope read them.
 */
import { staffActorOf } from '../acts/actor.js';
import { candidateObjections, objectionAttachment, raiseObjection } from '../acts/objections.js';
import { DomainError } from '../domain/errors.js';
import { objectionInputSchema } from '../domain/notices.js';
import { MAX_ATTACHMENT_BYTES } from '../domain/objections.js';
import { problemPage, receiptPage } from '../lib/answer-page.js';
import { isFormPost, readBody } from '../lib/form-body.js';
import { clientAddressOf, httpHandler, parseOrThrow } from '../lib/http.js';
import { api } from '../routes/objections.js';

const htmlPage = (status: number, text: string) => ({
  status,
  text,
  headers: { 'content-type': 'text/html; charset=utf-8', 'x-content-type-options': 'nosniff' },
});

/** POST /api/public/notices/{noticeId}/objections — public, limited per client and overall (R6). */
export const postObjection = httpHandler(api.postObjection, async ({ path, raw, event }) => {
  // a form without JavaScript gets a page, whatever happens
  const asPage = isFormPost(raw.contentType);
  try {
    const body = await readBody(raw.bytes, raw.contentType, {
      maxFileBytes: MAX_ATTACHMENT_BYTES,
      fileField: 'attachment',
    });
    // a form sends every field, an optional one empty: empty is "not given"
    const fields = asPage
      ? Object.fromEntries(Object.entries(body.fields).filter(([, v]) => v !== ''))
      : body.fields;
    const input = parseOrThrow(objectionInputSchema, fields, '');
    const receipt = await raiseObjection(
      path.noticeId,
      input,
      body.file ? { bytes: body.file.bytes, truncated: body.file.truncated } : undefined,
      clientAddressOf(event),
    );
    return asPage ? htmlPage(201, receiptPage(receipt)) : { status: 201, body: receipt };
  } catch (e) {
    if (asPage && e instanceof DomainError) {
      const retry = e.details?.retryAfterSeconds;
      const page = htmlPage(e.status, problemPage(e, path.noticeId));
      return typeof retry === 'number'
        ? { ...page, headers: { ...page.headers, 'retry-after': String(retry) } }
        : page;
    }
    throw e;
  }
});

/** GET /api/exams/{examId}/candidates/{personId}/objections — staff who see the candidate (R1). */
export const listObjections = httpHandler(api.listObjections, async ({ who, path }) =>
  candidateObjections(await staffActorOf(who), path.examId, path.personId),
);

/** GET …/objections/{objectionId}/attachment — the attached document, as it was received. */
export const getObjectionAttachment = httpHandler(api.getObjectionAttachment, async ({ who, path }) => {
  const f = await objectionAttachment(await staffActorOf(who), path.examId, path.personId, path.objectionId);
  return {
    status: 200,
    bytes: f.bytes,
    headers: {
      'content-type': f.mime,
      'content-disposition': `attachment; filename="${f.filename}"`,
      'x-content-type-options': 'nosniff',
    },
  };
});
