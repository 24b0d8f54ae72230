/**
 * The steps of a report's job (./reports.ts makes and serves reports): each reads one page of a
 * city's candidates into a part file; the last joins the parts into the CSV and the XLSX. Apart from
 * reports.ts so that the reports' API function does not carry the spreadsheet writer: only the job
 * runner (./job-runner.ts) imports this.
 */
import { stringify } from 'csv-stringify/sync';
import { keys } from '../data/tables.js';
import type { Candidate } from '../domain/candidate.js';
import type { CollectionSite } from '../domain/collection.js';
import { notFound } from '../domain/errors.js';
import { afterChunk, type ChunkResult, type Job } from '../domain/jobs.js';
import { candidateDeadlines, phaseOf } from '../domain/lifecycle.js';
import { type RegisterContext, reportCounts, reportEntry, reportSpecs, tallyKey } from '../domain/reports.js';
import { loadCalendar } from '../lib/calendar.js';
import { examCityPage } from '../lib/candidates.js';
import { getExam } from '../lib/catalog.js';
import { now } from '../lib/clock.js';
import { getSite } from '../lib/collection-sites.js';
import { tableName } from '../lib/db.js';
import { fileStore } from '../lib/file-store.js';
import { joinParts } from '../lib/sheets.js';
import { CITIES } from './jobs.js';
import { dir, PAGE, partKey, readReport, reportFileKey, type Step } from './reports.js';

const reportOfJob = (job: Job) => job.cause.slice('report.'.length);

/** One step of a report's job (called by runChunk). */
export async function reportStep(job: Job): Promise<Step> {
  const examId = job.examId as string;
  const report = await readReport(examId, reportOfJob(job));
  if (!report) throw notFound('报告');
  const kind = report.kind ?? 'round1';
  const spec = reportSpecs[kind];
  if (job.position.stage === 'count') {
    const r: ChunkResult = { stage: 'count', counted: 0, end: { source: job.sourceCount } };
    return { job: afterChunk(job, r, now()), also: [], announce: [] };
  }
  let source = job.position.source;
  const register = kind === 'custody' || kind === 'transfer' ? await registerOf(examId) : undefined;
  for (let after = job.position.after; source < CITIES.length; source++, after = undefined) {
    const city = CITIES[source] as string;
    const { items, after: more } = await examCityPage(examId, city, {
      limit: PAGE,
      after,
      ...(register ? { status: 'qualified' } : {}),
    });
    if (!items.length && !more) continue;
    const tally: Record<string, number> = {};
    const lines: string[][] = [];
    const site = register ? await getSite(examId, city) : undefined;
    for (const c of items) {
      const entry = reportEntry(kind, c, register?.context(c, site));
      if (!entry) continue;
      for (const k of entry.counts) tally[tallyKey(city, k)] = (tally[tallyKey(city, k)] ?? 0) + 1;
      lines.push(entry.line);
    }
    if (lines.length) await fileStore().put(partKey(report, job.seq), Buffer.from(stringify(lines)));
    const end = more ? { source, after: more } : { source: source + 1 };
    return {
      job: afterChunk(job, { stage: 'work', done: lines.length, failed: [], end, tally }, now()),
      also: [],
      announce: [],
    };
  }
  // last: the parts joined into the CSV (with a BOM, for Excel) and the XLSX; the counts recorded
  await joinParts({
    parts: `${dir(report)}/parts`,
    columns: spec.columns,
    sheet: spec.sheet,
    csvKey: reportFileKey(report, 'csv'),
    xlsxKey: reportFileKey(report, 'xlsx'),
  });
  const counts = reportCounts(kind, CITIES, job.tally ?? {});
  return {
    job: afterChunk(job, { stage: 'work', done: 0, failed: [], end: { source: job.sourceCount } }, now()),
    also: [
      {
        Update: {
          TableName: tableName('catalog'),
          Key: keys.report(examId, report.reportId),
          UpdateExpression: 'SET #s = :done, counts = :c, doneAt = :at',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':done': 'done', ':c': counts, ':at': now().toISOString() },
        },
      },
    ],
    announce: [],
  };
}

/** R20: what the registers need beside each record: its phase and custody's end, on the current calendar. */
async function registerOf(examId: string) {
  const [exam, cal] = await Promise.all([getExam(examId), loadCalendar()]);
  if (!exam) throw notFound('考试');
  const at = now();
  return {
    context: (c: Candidate, site: CollectionSite | undefined): RegisterContext => {
      const d = candidateDeadlines(cal, exam, c);
      return {
        phase: phaseOf(c, exam, d).phase,
        site,
        custodyEnds: { date: d.dates.custodyEnds as string, endsAt: d.custodyEnds },
        now: at,
      };
    },
  };
}
