/**
 * Issue 14 §5, N4: every public artefact holds no full ID number — the announcement pages (R9) and the
 * supplementary result pages (R13) with their lists, the notice list pages and lookup shards (R6), the
 * certificates' public keys (jwks.json, R25), the static site build, the API document, the public
 * certificate check's answers (R25: an ID number is compared, never echoed) and the objection form's
 * answer page (R6). Rendered by the real jobs on the seeded demo data; each file read whole.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffActorOf } from '../../functions/acts/actor.js';
import { recordExamEvent } from '../../functions/acts/exam-events.js';
import { buildWeb } from '../../scripts/build-web.js';
import type { LocalSystem } from '../../scripts/local/runtime.js';
import { demoCandidates, demoIssued } from '../../scripts/local/seed.js';
import { supplementaryRoundDecided, toldRound1Result } from '../support/candidates.js';
import { startTestSystemIn } from '../support/local.js';
import { personalDataIn } from '../support/personal-data.js';

let sys: LocalSystem;
let dataDir: string;
let webDir: string;
/** every public artefact: where it came from → its text */
const artefacts = new Map<string, string>();

function walk(dir: string, into: (file: string) => void) {
  for (const name of readdirSync(dir)) {
    const f = join(dir, name);
    if (statSync(f).isDirectory()) walk(f, into);
    else into(f);
  }
}

beforeAll(async () => {
  webDir = mkdtempSync(join(tmpdir(), 'cert-public-web-'));
  await buildWeb(webDir);
  const started = await startTestSystemIn(`pub${Date.now().toString(36)}`, { webDir });
  sys = started.system;
  dataDir = started.dataDir;
  await sys.jobs.idle();
  // the electronic exam (JZS2): round 1 over; two pending candidates take part in the supplementary round
  const now = new Date();
  const pending = demoCandidates(now).filter((c) => c.examType === 'JZS2' && c.status === 'pending');
  type Pending = (typeof pending)[number];
  const exam = (pending[0] as Pending).examId;
  await toldRound1Result(pending);
  await supplementaryRoundDecided(exam, [pending[0], pending[1]] as [Pending, Pending]);
  // R9, R13: the result announcement and the supplementary result announcement, rendered by their jobs
  const zjt = await staffActorOf({ kind: 'staff', username: 'zjt.verifier' } as never);
  await recordExamEvent(zjt, exam, 'resultsAnnounced');
  await recordExamEvent(zjt, exam, 'supplementaryAnnounced');
  await sys.jobs.idle();

  // the public site's objects (announcements, notice lists, lookup shards, jwks.json) and the web build
  for (const [label, root] of [
    ['site', join(dataDir, 'site')],
    ['web', webDir],
  ] as const)
    walk(root, (f) => artefacts.set(`${label}/${relative(root, f)}`, readFileSync(f).toString('latin1')));
  // as served, and the public answers
  const get = async (path: string, init?: RequestInit) => {
    const r = await fetch(`${sys.url}${path}`, init);
    artefacts.set(`${init?.method ?? 'GET'} ${path}`, await r.text());
    return r;
  };
  await get('/');
  await get('/announcements/');
  await get('/.well-known/jwks.json');
  await get('/api/openapi.json');
  for (const k of [...artefacts.keys()])
    if (k.startsWith('site/announcements/') && k.endsWith('index.html'))
      await get(`/${k.slice('site/'.length).replace(/index\.html$/, '')}`);
  // R25: the certificate check, asked with the holder's full ID number (compared, never echoed)
  const { valid, revoked } = demoIssued(now);
  const holderView = await (
    await fetch(`${sys.url}/api/auth/staff/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'hr.admin', password: 'Demo@2026!' }),
    })
  ).json();
  for (const h of [valid, revoked]) {
    const view = await (
      await fetch(`${sys.url}/api/exams/${h.examId}/candidates/${h.personId}`, {
        headers: { authorization: `Bearer ${holderView.token}` },
      })
    ).text();
    const number = /"(?:number|certificateNumber)":"([A-Z0-9-]+)"/.exec(view)?.[1] ?? 'NOSUCH-1';
    const q = (idNumber: string) =>
      `/api/public/certificates/${number}?name=${encodeURIComponent(h.name)}&idNumber=${idNumber}`;
    await get(q(h.idNumber));
    await get(q(valid.idNumber === h.idNumber ? revoked.idNumber : valid.idNumber));
  }
  // R6: the objection form without JavaScript gets an HTML answer page
  const notice = [...artefacts.keys()].find((k) => /announcements\/[A-Z0-9-]+-N\d+\//.test(k));
  const noticeId = notice ? (/announcements\/([A-Z0-9-]+-N\d+)\//.exec(notice)?.[1] as string) : 'X-N1';
  const c0 = demoCandidates(now)[0] as (typeof pending)[number];
  await get(`/api/public/notices/${noticeId}/objections`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      candidateNo: c0.candidateNo ?? '',
      facts: `该考生身份证号 ${c0.idNumber} 的工作年限不实`,
      contact: '13900000000',
    }).toString(),
  });
}, 180_000);
afterAll(async () => {
  await sys?.stop();
});

describe('N4: public artefacts', () => {
  it('N4: the run rendered every kind of public artefact (announcements, supplementary results, notice lists, jwks, the site)', () => {
    const names = [...artefacts.keys()];
    expect(names.some((k) => /^site\/announcements\/[A-Z0-9-]+-R1\//.test(k))).toBe(true);
    expect(names.some((k) => /^site\/announcements\/[A-Z0-9-]+-R2\//.test(k))).toBe(true);
    expect(names.some((k) => /^site\/announcements\/[A-Z0-9-]+-N\d+\//.test(k))).toBe(true);
    expect(names).toContain('site/.well-known/jwks.json');
    expect(names.some((k) => k.startsWith('web/'))).toBe(true);
    expect(names.filter((k) => k.startsWith('GET /api/public/certificates/'))).toHaveLength(4);
    // the lists are there, masked: the detector has something to look at
    expect([...artefacts.values()].some((t) => /\d{4}\*{10}\d{3}[\dX]/.test(t))).toBe(true);
  });

  it('N4: no public page, object or answer holds a full ID number', () => {
    const found = [...artefacts].flatMap(([name, text]) => {
      const ids = personalDataIn(text).idNumbers;
      return ids.length ? [`${name}: ${ids.join(', ')}`] : [];
    });
    expect(found).toEqual([]);
  });
});
