/**
 * R17, R25: the public keys that verify an issuance's certificates are published before the first of them
 * is signed — by the issuance's broadcast job in its first step (functions/acts/job-runner.ts), not in the
 * request; made sure of by the IssueElectronic step (functions/acts/lifecycle-tasks.ts) for a lifecycle
 * that gets there before the job has run; and a failed publish fails the job's step, not the event.
 * The signer and the site store are wrapped to record, in order, the JWKS written and each signature.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { system } from '../../functions/acts/actor.js';
import { recordExamEvent } from '../../functions/acts/exam-events.js';
import { drainJob, runChunk } from '../../functions/acts/job-runner.js';
import { recordEvent } from '../../functions/acts/lifecycle.js';
import { isActive } from '../../functions/domain/jobs.js';
import { getExamNow } from '../../functions/lib/catalog.js';
import {
  type CertSigner,
  certSigner,
  JWKS_KEY,
  localCertSigner,
  setCertSigner,
} from '../../functions/lib/cert-signer.js';
import { readJob } from '../../functions/lib/jobs.js';
import { folderSite, type SiteStore, setSiteStore, siteStore } from '../../functions/lib/site-store.js';
import { workflowSuite } from '../support/workflow-suite.js';

const h = workflowSuite();
let seq = 0;
/** what happened, in order: 'jwks' (the keys written to the site), 'sign' (a certificate signed) */
let log: string[];
/** how many JWKS writes fail before one succeeds */
let failingPublishes = 0;
let restore: () => void = () => {};

beforeEach(() => {
  const [signer, site] = [certSigner(), siteStore()];
  log = [];
  failingPublishes = 0;
  const keys = localCertSigner(mkdtempSync(join(tmpdir(), 'issuance-keys-')));
  const recordingSigner: CertSigner = {
    publicKeys: () => keys.publicKeys(),
    sign: async (claims) => {
      log.push('sign');
      return keys.sign(claims);
    },
  };
  const files = folderSite(mkdtempSync(join(tmpdir(), 'issuance-site-')));
  const recordingSite: SiteStore = {
    put: async (list) => {
      if (list.some((f) => f.key === JWKS_KEY)) {
        if (failingPublishes > 0) {
          failingPublishes--;
          throw new Error('site store unavailable');
        }
        log.push('jwks');
      }
      await files.put(list);
    },
    read: (key) => files.read(key),
    removeAll: (prefix) => files.removeAll(prefix),
    invalidate: (paths) => files.invalidate(paths),
  };
  setCertSigner(recordingSigner);
  setSiteStore(recordingSite);
  restore = () => {
    setCertSigner(signer);
    setSiteStore(site);
  };
});
afterEach(() => restore());

/** The keys written once, first; then the signatures (a retried IssueElectronic step may sign again, writing one certificate). */
function expectKeysFirst(signed: number) {
  expect(log[0]).toBe('jwks');
  expect(log.filter((e) => e === 'jwks')).toHaveLength(1);
  expect(log.filter((e) => e === 'sign').length).toBeGreaterThanOrEqual(signed);
}

async function electronicExam(n: number) {
  const exam = await h.exam('JZS2');
  const cs = [];
  for (let i = 0; i < n; i++) cs.push(await h.candidate(exam, ++seq));
  return { exam, cs };
}

describe("the issuance's public keys", () => {
  it('R17: published by the broadcast job, not in the request, before the first certificate of the issuance is signed', async () => {
    const { exam, cs } = await electronicExam(2);
    await h.qualifiedAndTold(exam, cs);
    const { jobId } = await recordExamEvent(system('test'), exam.id, 'certificatesIssued');
    expect(log).toEqual([]); // the request publishes nothing
    await runChunk(jobId, 0); // the job's first step: the keys, before it wakes anyone
    expect(log).toEqual(['jwks']);
    await h.settle();
    expectKeysFirst(2);
    for (const c of cs) expect((await h.record(c)).certificate).toMatchObject({ kind: 'electronic' });
    expect(await readJob(jobId)).toMatchObject({ status: 'done' });
    const published = JSON.parse((await siteStore().read(JWKS_KEY)) ?? '{}');
    expect(published).toEqual(await certSigner().publicKeys());
  });

  it('R17: a lifecycle that reaches the issuance before the broadcast job runs (an appeal upheld just after) is signed only after the keys are published', async () => {
    const { exam, cs } = await electronicExam(1);
    const c = cs[0] as (typeof cs)[number];
    await h.start(c);
    await h.event(c, { type: 'verified', outcome: 'unqualified' });
    await h.advanceDays(5);
    await h.examEvent(exam, 'resultsAnnounced');
    const { jobId } = await recordExamEvent(system('test'), exam.id, 'certificatesIssued');
    // the broadcast job has not run yet; the candidate's own lifecycle goes on meanwhile
    await recordEvent(c.examId, c.personId, { type: 'appealFiled' }, 'staff:test');
    await h.runner.idle();
    await recordEvent(c.examId, c.personId, { type: 'appealDecided', outcome: 'upheld' }, 'staff:test');
    await h.runner.idle();
    const job = await readJob(jobId);
    expect(job && isActive(job) && job.seq).toBe(0);
    expect((await h.record(c)).certificate).toMatchObject({ kind: 'electronic', status: 'valid' });
    expectKeysFirst(1);
    await h.settle();
    expectKeysFirst(1); // the job's publish finds them there: nothing written again
  });

  it("R17: a failed publish fails the broadcast job's step, not the event: the step is tried again, publishes, then the candidates are signed", async () => {
    const { exam, cs } = await electronicExam(1);
    await h.qualifiedAndTold(exam, cs);
    failingPublishes = 1;
    const { jobId } = await recordExamEvent(system('test'), exam.id, 'certificatesIssued');
    await expect(drainJob(jobId)).rejects.toThrow('site store unavailable');
    expect(log).toEqual([]);
    expect((await getExamNow(exam.id))?.certificatesIssuedAt).toEqual(expect.any(String)); // recorded
    const job = await readJob(jobId);
    expect(job && isActive(job) && job.seq).toBe(0); // still due, at its first step
    await h.settle(); // the worker's next try
    expectKeysFirst(1);
    expect((await h.record(cs[0] as (typeof cs)[number])).certificate).toMatchObject({ kind: 'electronic' });
    expect(await readJob(jobId)).toMatchObject({ status: 'done' });
  });
});
