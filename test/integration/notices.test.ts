/**
 * The joint public notice (R6) through the local server: the provincial verifier drafts it, hr
 * publishes it — both named, each step audited — and nobody else can. Its public pages (rendered by
 * its job into the local site folder, served under /announcements/) show only masked ID numbers (N4),
 * and the scheduled take-down removes the list at the end of the period.
 */

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { takeDownDueNotices } from '../../functions/acts/notice-site.js';
import { LOOKUP_SHARDS, lookupShard } from '../../functions/domain/lookup.js';
import { maskIdNumber } from '../../functions/domain/masking.js';
import { setClock } from '../../functions/lib/clock.js';
import { ddb, tableName } from '../../functions/lib/db.js';
import type { LocalSystem } from '../../scripts/local/runtime.js';
import { DEMO_PASSWORD, demoCandidates, demoExams } from '../../scripts/local/seed.js';
import { client, startTestSystem } from '../support/local.js';

let sys: LocalSystem;
let api: ReturnType<typeof client>;
const tokens: Record<string, string> = {};
let exam: string;
const text = { text: '经审核，以下人员成绩合格，现予公示。公示期内如有异议，请实名向核查部门反映。' };

beforeAll(async () => {
  sys = await startTestSystem();
  api = client(sys.url);
  for (const u of ['hr.admin', 'zjt.verifier', 'zz.verifier', 'xh.verifier'])
    tokens[u] = await api.staffToken(u, DEMO_PASSWORD);
  // the exam ready for an import, in its notice period, without a notice yet (JZS1's is seeded published)
  exam = (demoExams(new Date()).find((e) => e.examType === 'ZJS2') as { id: string }).id;
});
afterAll(async () => {
  await sys?.stop();
});

const path = () => `/api/exams/${exam}/notice`;

describe('the joint public notice', () => {
  it('R6: the provincial verifier drafts it (its period from the exam), hr publishes it: both departments named, each step audited', async () => {
    expect((await api.get(path(), tokens['hr.admin'])).status).toBe(404);
    const drafted = await api.call('PUT', path(), { token: tokens['zjt.verifier'], body: text });
    expect(drafted.status).toBe(200);
    expect(drafted.body).toMatchObject({ noticeId: `${exam}-N1`, status: 'draft', text: text.text });
    expect(drafted.body.preparedBy).toMatchObject({ deptId: 'zjt', username: 'zjt.verifier' });
    const detail = await api.get(`/api/exams/${exam}`, tokens['hr.admin']);
    expect(drafted.body.ends).toEqual(detail.body.schedule.noticeEnds);
    // redrafting is allowed until it is published
    const again = await api.call('PUT', path(), {
      token: tokens['zjt.verifier'],
      body: { text: `${text.text}（修订）` },
    });
    expect(again.body.text).toContain('修订');
    // the verifier cannot publish it; hr can, once, with a confirmation
    expect((await api.post(`${path()}/publish`, { confirm: true }, tokens['zjt.verifier'])).status).toBe(403);
    const noConfirm = await api.post(`${path()}/publish`, {}, tokens['hr.admin']);
    expect([noConfirm.status, noConfirm.body.error.details.fields[0].field]).toEqual([400, 'confirm']);
    const published = await api.post(`${path()}/publish`, { confirm: true }, tokens['hr.admin']);
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({
      status: 'published',
      preparedBy: { deptId: 'zjt' },
      confirmedBy: { deptId: 'hr' },
    });
    expect((await api.post(`${path()}/publish`, { confirm: true }, tokens['hr.admin'])).status).toBe(409);
    expect((await api.call('PUT', path(), { token: tokens['zjt.verifier'], body: text })).status).toBe(409);
    const audit = await ddb.send(
      new QueryCommand({
        TableName: tableName('audit'),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `EXAM#${exam}` },
      }),
    );
    const actions = (audit.Items ?? []).map((i) => i.action).filter((a) => String(a).startsWith('notice.'));
    expect(actions).toEqual(['notice.drafted', 'notice.drafted', 'notice.published']);
  });

  it('R1, R6: hr cannot draft it; a municipal verifier neither drafts nor publishes (403 naming R6); another exam type is not found', async () => {
    const other = (demoExams(new Date())[1] as { id: string }).id;
    const byHr = await api.call('PUT', `/api/exams/${other}/notice`, {
      token: tokens['hr.admin'],
      body: text,
    });
    expect([byHr.status, byHr.body.error.message]).toEqual([
      403,
      '公示由省级核查部门（或行业协会）起草，人社部门确认后联合发布（R6）',
    ]);
    const byCity = await api.call('PUT', `/api/exams/${other}/notice`, {
      token: tokens['zz.verifier'],
      body: text,
    });
    expect(byCity.status).toBe(403);
    expect(byCity.body.error.message).toContain('R6');
    expect(
      (await api.call('PUT', `/api/exams/${other}/notice`, { token: tokens['xh.verifier'], body: text }))
        .status,
    ).toBe(404);
    const short = await api.call('PUT', `/api/exams/${other}/notice`, {
      token: tokens['zjt.verifier'],
      body: { text: '太短' },
    });
    expect([short.status, short.body.error.details.fields[0].field]).toEqual([400, 'text']);
    expect((await api.get(`/api/exams/${other}/notice`, tokens['hr.admin'])).status).toBe(404);
  });
});

/** Every file of the rendered site, by path. */
function siteFiles(
  dir = join(process.env.LOCAL_SITE_DIR as string, 'announcements'),
  base = '/announcements',
): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = `${base}/${e.name}`;
    if (e.isDirectory()) for (const [k, v] of siteFiles(join(dir, e.name), path)) out.set(k, v);
    else out.set(path, readFileSync(join(dir, e.name), 'utf8'));
  }
  return out;
}

describe('the notice on the public site', () => {
  const seeded = () => demoExams(new Date())[0] as { id: string; name: string };
  const people = () => demoCandidates(new Date()).filter((c) => c.examId === seeded().id);
  const id = () => `${seeded().id}-N1`;
  const get = (path: string) => fetch(`${sys.url}${path}`);

  it('R6, N4: published, its job renders the notice (both departments, the period), the list city by city and the lookup shards; listed on the home page', async () => {
    await sys.jobs.idle();
    const index = (await (await get('/announcements/index.json')).json()) as {
      items: { id: string; url: string }[];
    };
    expect(index.items.map((i) => i.id)).toContain(id());
    const page = await get(`/announcements/${id()}/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('河南省住房和城乡建设厅、河南省人力资源和社会保障厅联合发布');
    expect(html).toContain('公示期');
    expect(html).toContain(`action="/api/public/notices/${id()}/objections"`);
    const meta = (await (await get(`/announcements/${id()}/index.json`)).json()) as {
      entries: number;
      pages: { city: string; count: number; first: string }[];
    };
    expect(meta.entries).toBe(people().length);
    // every candidate is on exactly one page, with number, name and masked ID number only
    const listed = [];
    for (const p of meta.pages)
      for (let n = 1; n <= p.count; n++) {
        const list = (await (await get(`/announcements/${id()}/list/${p.city}/${n}.json`)).json()) as {
          entries: Record<string, string>[];
        };
        listed.push(...list.entries);
        expect((await get(`/announcements/${id()}/list/${p.city}/${n}.html`)).status).toBe(200);
      }
    expect(listed.map((e) => e.candidateNo).sort()).toEqual(
      people()
        .map((c) => c.candidateNo)
        .sort(),
    );
    for (const e of listed) expect(Object.keys(e).sort()).toEqual(['candidateNo', 'idNumberMasked', 'name']);
    // the lookup without the API: the shard named by the number's hash holds it, masked
    const c = people()[7] as typeof people extends () => (infer T)[] ? T : never;
    const shard = (await (
      await get(`/announcements/${id()}/lookup/${lookupShard(c.candidateNo as string)}.json`)
    ).json()) as {
      entries: Record<string, { name: string; idNumberMasked: string; city: string; page: number }>;
    };
    expect(shard.entries[c.candidateNo as string]).toMatchObject({
      name: c.name,
      idNumberMasked: maskIdNumber(c.idNumber),
      city: c.city,
      page: 1,
    });
  });

  it('R5, R6: a list imported into an exam whose notice is up is rendered again: the new candidates are on its pages', async () => {
    // the ZJS2 notice was published above without candidates
    await sys.jobs.idle();
    const before = (await (await get(`/announcements/${exam}-N1/index.json`)).json()) as { entries: number };
    expect(before.entries).toBe(0);
    const r = await fetch(`${sys.url}/api/exams/${exam}/imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens['hr.admin']}`, 'content-type': 'text/csv' },
      body: new Uint8Array(readFileSync('docs/samples/passing-list.csv')),
    });
    expect(r.status).toBe(202);
    await sys.jobs.idle();
    const after = (await (await get(`/announcements/${exam}-N1/index.json`)).json()) as {
      entries: number;
      pages: { city: string }[];
    };
    expect(after.entries).toBe(28);
    expect(after.pages.length).toBeGreaterThan(0);
  });

  it('N4: no full ID number anywhere in the rendered public site', async () => {
    await sys.jobs.idle();
    const files = siteFiles();
    expect(files.size).toBeGreaterThan(LOOKUP_SHARDS);
    const all = [...files.values()].join('\n');
    for (const c of people()) {
      expect(all).not.toContain(c.idNumber);
      expect(all).not.toContain(c.phone);
    }
    expect(all).not.toMatch(/\d{17}[\dX]/);
  });

  it('N4: when the period ends the scheduled job takes the list down: every old list URL is 404, the text stays and says so', async () => {
    await sys.jobs.idle();
    const meta = (await (await get(`/announcements/${id()}/index.json`)).json()) as {
      ends: { endsAt: string };
      pages: { city: string; count: number }[];
    };
    const old = [
      ...meta.pages.flatMap((p) =>
        Array.from({ length: p.count }, (_, i) => i + 1).flatMap((n) =>
          ['.html', '.en.html', '.json'].map((x) => `/announcements/${id()}/list/${p.city}/${n}${x}`),
        ),
      ),
      ...Array.from({ length: LOOKUP_SHARDS }, (_, s) => `/announcements/${id()}/lookup/${s}.json`),
    ];
    // before the end: nothing is due
    expect(await takeDownDueNotices()).toBe(0);
    const after = new Date(Date.parse(meta.ends.endsAt) + 60_000);
    setClock({ now: () => after });
    try {
      expect(await takeDownDueNotices()).toBe(1);
      expect(await takeDownDueNotices()).toBe(0); // once
      await sys.jobs.idle();
      const still = [];
      for (const u of old) if ((await get(u)).status !== 404) still.push(u);
      expect(still).toEqual([]);
      const html = await (await get(`/announcements/${id()}/`)).text();
      expect(html).toContain('名单已按规定撤下');
      expect(html).toContain('根据《河南省人力资源和社会保障厅');
      expect(html).not.toContain('/objections"');
      const en = await (await get(`/announcements/${id()}/en.html`)).text();
      expect(en).toContain('has been taken down');
      expect(
        ((await (await get(`/announcements/${id()}/index.json`)).json()) as { listed: boolean }).listed,
      ).toBe(false);
      const notice = await api.get(`/api/exams/${seeded().id}/notice`, tokens['hr.admin']);
      expect(notice.body.status).toBe('listRemoved');
    } finally {
      setClock(null);
    }
  });
});
