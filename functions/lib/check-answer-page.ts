/**
 * The page the check page's form gets back without JavaScript (R25, R14): the same answer as the JSON
 * check, as plain HTML in the answer-page style (functions/lib/answer-page.ts) — valid, revoked with its
 * date (not its reason), replaced, or not found (a wrong name reads the same) — or the problems by
 * field. Chinese first with English lines; it never shows an ID number, only whether one matched.
 */
import type { CheckAnswer } from '../domain/certificates.js';
import type { DomainError } from '../domain/errors.js';
import { answerPage, esc, fieldList } from './answer-page.js';

const BACK = { href: '/check/', zh: '返回证书查验', en: 'Back to the certificate check' };

const FIELDS: Record<string, [string, string]> = {
  number: ['证书编号', 'Certificate number'],
  name: ['持证人姓名', "Holder's name"],
  idNumber: ['身份证号码', 'ID number'],
};

const EN: Record<string, string> = {
  VALIDATION: 'Some answers need correcting.',
  TOO_MANY_REQUESTS: 'Too many checks from this device or in total: please try again later.',
};

const MONTHS = 'January February March April May June July August September October November December'.split(
  ' ',
);
/** "2025-03-04" → ["2025年3月4日", "4 March 2025"] */
function day(iso: string): [string, string] {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return [iso, iso];
  const [, y, mo, d] = m as unknown as [string, string, string, string];
  return [`${y}年${Number(mo)}月${Number(d)}日`, `${Number(d)} ${MONTHS[Number(mo) - 1]} ${y}`];
}

const row = (zh: string, en: string, value: string) =>
  `<dt>${esc(zh)} <span lang="en">${esc(en)}</span></dt><dd>${value}</dd>`;

/** The answer to one check: what the office's records say about the number and name asked. */
export function checkResultPage(a: CheckAnswer, asked: { number: string; name: string }): string {
  if (a.status === 'not_found')
    return answerPage(
      '未找到相符的证书',
      'No matching certificate',
      [
        '<div class="panel panel--error" role="alert">',
        `<p>没有与证书编号 <strong>${esc(asked.number)}</strong> 和所填姓名相符的证书。</p>`,
        '<p lang="en">No certificate matches this number and name.</p></div>',
        '<p>请核对证书编号（在证书右上方）和持证人姓名后重新查验。</p>',
        '<p lang="en">Check the certificate number (top right of the certificate) and the holder’s name, then try again.</p>',
      ].join(''),
      BACK,
    );
  const [issuedZh, issuedEn] = day(a.issuedAt);
  const [revokedZh, revokedEn] = day(a.revokedAt ?? '');
  const heading: Record<typeof a.status, [string, string]> = {
    valid: ['证书有效', 'The certificate is valid'],
    revoked: ['证书已撤销', 'The certificate has been revoked'],
    replaced: ['证书已被新证书取代', 'The certificate has been replaced by a new one'],
  };
  const [zh, en] = heading[a.status];
  const status =
    a.status === 'revoked'
      ? `已撤销（${esc(revokedZh)}起） <span lang="en">Revoked since ${esc(revokedEn)}</span>`
      : a.status === 'replaced'
        ? '已被取代 <span lang="en">Replaced</span>'
        : '有效 <span lang="en">Valid</span>';
  const id =
    a.idNumberMatches === undefined
      ? ''
      : row(
          '身份证号码',
          'ID number',
          a.idNumberMatches
            ? '与证书一致 <span lang="en">matches the certificate</span>'
            : '<strong>与证书不一致</strong> <span lang="en">does not match the certificate</span>',
        );
  return answerPage(
    zh,
    en,
    [
      `<div class="panel${a.status === 'valid' ? '' : ' panel--error'}" role="status">`,
      '<dl class="facts">',
      row('状态', 'Status', `<strong data-testid="check-status">${status}</strong>`),
      row('证书编号', 'Number', `<span data-testid="check-number">${esc(asked.number)}</span>`),
      row('持证人', 'Holder', esc(asked.name)),
      id,
      row('考试', 'Exam', `<span lang="zh-CN">${esc(a.exam.name)}</span>`),
      row(
        '证书类型',
        'Kind',
        a.kind === 'electronic'
          ? '电子证书 <span lang="en">electronic</span>'
          : '纸质证书 <span lang="en">paper</span>',
      ),
      row('发证日期', 'Issued', `${esc(issuedZh)} <span lang="en">${esc(issuedEn)}</span>`),
      '</dl></div>',
      '<p>以上为发证机关系统中的实时状态。</p><p lang="en">This is the live status in the issuing office’s records.</p>',
      a.signed
        ? `<p><a href="/check/#${esc(a.signed)}">在浏览器中核验电子证书的签名</a> · <a href="/en/check/#${esc(a.signed)}" lang="en">Verify the electronic certificate’s signature in your browser</a></p>`
        : '',
    ].join(''),
    BACK,
  );
}

/** A check that could not be made: its message, and each field's problem under the field's name. */
export function checkProblemPage(e: DomainError): string {
  const fields = (e.details?.fields ?? []).map((f) => ({ ...f, field: f.field.replace(/^query\./, '') }));
  const list = fieldList(fields, FIELDS);
  return answerPage(
    '未能查验',
    'The certificate could not be checked',
    [
      '<div class="panel panel--error" role="alert">',
      `<p>${esc(e.message)}</p>`,
      EN[e.code] ? `<p lang="en">${esc(EN[e.code] as string)}</p>` : '',
      list,
      '</div>',
    ].join(''),
    BACK,
  );
}
