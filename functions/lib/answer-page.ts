/**
 * The page a form without JavaScript gets back from the objection route: the receipt (受理编号, what
 * happens next) or the problems listed by field, each with a link back to the notice. Plain HTML with
 * its few styles inline (the site's stylesheet has a hashed name), readable on a phone, Chinese first
 * with English lines, no script.
 */
import type { DomainError } from '../domain/errors.js';

export const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

/** Labels of the objection form's fields, as the notice page names them (zh, en). */
const FIELDS: Record<string, [string, string]> = {
  candidateNo: ['准考证号', 'Admission ticket number'],
  facts: ['异议事实', 'Facts'],
  contact: ['联系方式', 'Contact'],
  name: ['姓名', 'Name'],
  attachment: ['附件', 'Attachment'],
  body: ['提交内容', 'Form'],
};

/** One English line per kind of refusal (the server's messages are Chinese). */
const EN: Record<string, string> = {
  VALIDATION: 'Some answers need correcting.',
  NOT_FOUND: 'This notice does not exist or is not published.',
  DEADLINE_PASSED: 'The notice period has ended: objections are no longer accepted.',
  CONFLICT: 'The objection could not be accepted as it is.',
  PAYLOAD_TOO_LARGE: 'The attachment is too large (at most 10 MB).',
  UNSUPPORTED_MEDIA_TYPE: 'The attachment must be a PDF, JPG or PNG file.',
  TOO_MANY_REQUESTS: 'Too many objections from this device or in total: please try again later.',
};

const STYLE = [
  '.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0}',
  '.facts dt{font-weight:700}.facts dd{margin:0;word-break:break-all}',
  'body{margin:0;font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;',
  'line-height:1.6;color:#0b0c0c;background:#fff}',
  'main{max-width:40rem;margin:0 auto;padding:1.25rem 1rem 3rem}',
  'h1{font-size:1.5rem;line-height:1.3;margin:.5rem 0 1rem}',
  '.en{color:#505a5f;font-size:.95rem;margin-top:-.5rem}',
  '.panel{border:4px solid #00703c;padding:1rem;margin:1rem 0}',
  '.panel--error{border-color:#d4351c}',
  '.ref{font-size:1.5rem;font-weight:700;letter-spacing:.05em;word-break:break-all}',
  'ul{padding-left:1.25rem}li{margin:.5rem 0}',
  'a{color:#1d70b8}a:focus{outline:3px solid #fd0;background:#fd0;color:#0b0c0c}',
].join('');

function page(title: string, titleEn: string, body: string, noticeId: string): string {
  const back = `/announcements/${encodeURIComponent(noticeId)}/`;
  return answerPage(title, titleEn, body, { href: back, zh: '返回公示页面', en: 'Back to the notice' });
}

/** A whole answer page (any form's): its title in both languages, the body, a link back to the form. */
export function answerPage(
  title: string,
  titleEn: string,
  body: string,
  back: { href: string; zh: string; en: string },
): string {
  return [
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="robots" content="noindex">',
    `<title>${esc(title)} · ${esc(titleEn)}</title><style>${STYLE}</style></head><body><main>`,
    `<h1>${esc(title)}</h1><p class="en" lang="en">${esc(titleEn)}</p>`,
    body,
    `<p><a href="${esc(back.href)}">${esc(back.zh)}</a> · <a href="${esc(back.href)}" lang="en">${esc(back.en)}</a></p>`,
    '</main></body></html>',
  ].join('');
}

const beijing = (iso: string) => {
  const d = new Date(Date.parse(iso) + 8 * 3_600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}（北京时间）`;
};

/** The receipt: the reference number, when it was received, what happens next. */
export function receiptPage(r: { objectionId: string; noticeId: string; receivedAt: string }): string {
  return page(
    '异议已受理',
    'Your objection has been received',
    [
      '<div class="panel" role="status">',
      `<p>受理编号 <span lang="en">Reference number</span></p><p class="ref">${esc(r.objectionId)}</p>`,
      `<p>受理时间：${esc(beijing(r.receivedAt))}</p></div>`,
      '<h2>接下来</h2>',
      '<p>核查部门将核实您反映的情况，必要时通过您留下的联系方式与您联系。您的联系方式只有核查部门的工作人员可以看到，不会公开。请记下受理编号，向核查部门询问时提供。</p>',
      '<p lang="en">The verifying department will look into what you reported and may contact you through the ',
      'contact you gave, which only its staff can see. Please keep the reference number for any enquiry.</p>',
    ].join(''),
    r.noticeId,
  );
}

/** A refusal's problems, each under its field's name in both languages (`labels` by field). */
export function fieldList(
  fields: readonly { field: string; message: string }[],
  labels: Record<string, [string, string]>,
): string {
  if (!fields.length) return '';
  const items = fields.map((f) => {
    const [zh, en] = labels[f.field] ?? [f.field, f.field];
    return `<li><strong>${esc(zh)}</strong> <span lang="en">(${esc(en)})</span>：${esc(f.message)}</li>`;
  });
  return `<ul>${items.join('')}</ul>`;
}

/** The refusal: its message, and each field's problem under the field's name. */
export function problemPage(e: DomainError, noticeId: string): string {
  const fields = e.details?.fields ?? [];
  const list = fieldList(fields, FIELDS);
  return page(
    '异议未能提交',
    'Your objection was not sent',
    [
      '<div class="panel panel--error" role="alert">',
      `<p>${esc(e.message)}</p>`,
      EN[e.code] ? `<p lang="en">${esc(EN[e.code] as string)}</p>` : '',
      list,
      '</div>',
      fields.length
        ? '<p>请返回公示页面修改后重新提交（用浏览器的“返回”可保留已填写的内容）。</p><p lang="en">Go back to the notice, correct the form and send it again (your browser’s Back button keeps what you typed).</p>'
        : '',
    ].join(''),
    noticeId,
  );
}
