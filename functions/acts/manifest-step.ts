/**
 * The steps of a China Post manifest's job (./dispatch.ts exports and serves manifests): each lists
 * and locks a page of a city's candidates into a part file; the last joins the parts into the CSV and
 * the XLSX. Apart from dispatch.ts so that the dispatch API function does not carry the spreadsheet
 * writer: only the job runner (./job-runner.ts) imports this.
 */
import { stringify } from 'csv-stringify/sync';
import { MANIFEST_SHEET, manifestColumns, manifestLine, onManifest } from '../domain/dispatch.js';
import { notFound } from '../domain/errors.js';
import { afterChunk, type Job } from '../domain/jobs.js';
import { examCityPage } from '../lib/candidates.js';
import { now } from '../lib/clock.js';
import { batchPut, type TxItem, tableName } from '../lib/db.js';
import { fileStore } from '../lib/file-store.js';
import { joinParts } from '../lib/sheets.js';
import { batchesStartedBy } from './batches.js';
import { lockBookings } from './booking.js';
import { dir, manifestFileKey, manifestKey, PAGE, postedKey, readManifest, type Step } from './dispatch.js';

/** One step of a manifest's job: a page of a city's candidates listed and locked; last, the files. */
export async function manifestStep(job: Job): Promise<Step> {
  const examId = job.examId as string;
  const m = await readManifest(examId, job.jobId);
  if (!m) throw notFound('交寄清单');
  if (job.position.stage === 'count')
    return {
      job: afterChunk(job, { stage: 'count', counted: 0, end: { source: job.sourceCount } }, now()),
      also: [],
      announce: [],
    };
  let source = job.position.source;
  for (let after = job.position.after; source < m.cities.length; source++, after = undefined) {
    const city = m.cities[source] as string;
    const { items, after: more } = await examCityPage(examId, city, {
      limit: PAGE,
      after,
      status: 'qualified',
    });
    if (!items.length && !more) continue;
    const listed = items.filter(onManifest);
    let started: TxItem[] = [];
    if (listed.length) {
      await lockBookings(
        examId,
        listed.map((c) => c.personId),
        job.actor,
      );
      await batchPut(
        tableName('catalog'),
        listed.map((c) => ({
          ...postedKey(examId, c.booking?.reference as string),
          personId: c.personId,
          city: c.city,
          manifestId: m.manifestId,
        })),
      );
      const part = `${dir(m)}/parts/${String(job.seq).padStart(8, '0')}.csv`;
      await fileStore().put(part, Buffer.from(stringify(listed.map(manifestLine))));
      started = await batchesStartedBy(examId, city, listed, now().toISOString());
    }
    const end = more ? { source, after: more } : { source: source + 1 };
    return {
      job: afterChunk(job, { stage: 'work', done: listed.length, failed: [], end }, now()),
      // N3: the batches these certificates came with have started distribution, in the step's own transaction
      also: started,
      announce: [],
    };
  }
  await joinParts({
    parts: `${dir(m)}/parts`,
    columns: manifestColumns,
    sheet: MANIFEST_SHEET,
    csvKey: manifestFileKey(m, 'csv'),
    xlsxKey: manifestFileKey(m, 'xlsx'),
  });
  return {
    job: afterChunk(job, { stage: 'work', done: 0, failed: [], end: { source: job.sourceCount } }, now()),
    also: [
      {
        Update: {
          TableName: tableName('catalog'),
          Key: manifestKey(examId, m.manifestId),
          UpdateExpression: 'SET #s = :done, #n = :n, doneAt = :at',
          ExpressionAttributeNames: { '#s': 'status', '#n': 'count' },
          ExpressionAttributeValues: { ':done': 'done', ':n': job.done, ':at': now().toISOString() },
        },
      },
    ],
    announce: [],
  };
}
