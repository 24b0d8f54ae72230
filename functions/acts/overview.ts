/**
 * GET /api/overview: hr's overview of the paper certificates across exams and cities (issue 13 §5; the
 * rules in functions/domain/overview.ts). Per exam (the exam list is small): its counters (BatchGets
 * of its cities' shards, 8 at a time); then, only for an exam with any candidate counted, its sites (one BatchGet: whether a city's collection period is
 * over), hr's receipt of its transfer register with that register's counts, and its batches (one
 * small partition) for the overdue ones. Never a read of the candidates.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../data/tables.js';
import { sitePeriodOver } from '../domain/collection.js';
import { authorize } from '../domain/departments.js';
import { certificateKind, type Exam, examType } from '../domain/exams.js';
import {
  addCounts,
  anyCount,
  cityCounts,
  overdueBatches,
  overviewPhases,
  type PhaseCounts,
} from '../domain/overview.js';
import { cityName } from '../domain/regions.js';
import { examsCounterItems } from '../lib/candidates.js';
import { listExams } from '../lib/catalog.js';
import { now } from '../lib/clock.js';
import { getTransferReceipt, sitesOf } from '../lib/collection-sites.js';
import { ddb, tableName } from '../lib/db.js';
import { mapPooled } from '../lib/pool.js';
import type { StaffActor } from './actor.js';
import { examBatches } from './batches.js';
import { CITIES } from './jobs.js';

/** exams read at once */
const POOL = 8;

/** R20: how many of each city hr has received: the counts of the register its receipt names. */
async function transferredByCity(examId: string): Promise<Map<string, number>> {
  const receipt = (await getTransferReceipt(examId)) as
    | (Awaited<ReturnType<typeof getTransferReceipt>> & { reportId?: string })
    | undefined;
  const out = new Map<string, number>();
  if (!receipt?.reportId) return out;
  const r = await ddb.send(
    new GetCommand({ TableName: tableName('catalog'), Key: keys.report(examId, receipt.reportId) }),
  );
  const rows = (r.Item?.counts as { rows?: { city: string; total: number }[] } | undefined)?.rows ?? [];
  for (const row of rows) out.set(row.city, row.total);
  return out;
}

async function examOverview(exam: Exam, counters: Map<string, Record<string, unknown>[]>, at: Date) {
  const [sites, transferred, batches] = await Promise.all([
    sitesOf(exam.id, CITIES),
    transferredByCity(exam.id),
    examBatches(exam.id),
  ]);
  const site = new Map(sites.map((s) => [s.city, s]));
  const cities = CITIES.map((city) => ({
    city,
    cityName: cityName(city),
    counts: cityCounts(
      counters.get(`${exam.id}|${city}`) ?? [],
      sitePeriodOver(site.get(city), at),
      transferred.get(city) ?? 0,
    ),
  })).filter((c) => anyCount(c.counts));
  return {
    exam: { examId: exam.id, name: exam.name, year: exam.year, examType: exam.examType },
    cities,
    total: addCounts(cities.map((c) => c.counts)),
    overdue: overdueBatches(batches, at).map((b) => ({
      examId: exam.id,
      examName: exam.name,
      batchId: b.batchId,
      city: b.city,
      cityName: cityName(b.city),
      arrivedAt: b.arrivedAt,
      distributionDue: b.distributionDue,
      count: b.count,
    })),
  };
}

/**
 * hr's overview: each exam's counts by city with the exam's total, the total over all exams, and the
 * batches whose N3 deadline passed with distribution not started (each with its exam, for a link).
 */
export async function overview(actor: StaffActor) {
  authorize(actor.dept, 'overview.read');
  // requests at the same moment share one reading (the same answer for every hr account): the counters
  // of every exam are read once, not once per open console tab; one that comes after it ends reads anew
  reading ??= readOverview().finally(() => {
    reading = null;
  });
  return reading;
}

let reading: ReturnType<typeof readOverview> | null = null;

async function readOverview() {
  const at = now();
  // only exams with paper certificates have any (R16, R17); their reads at most POOL at once
  const exams = (await listExams())
    .filter((e) => {
      const t = examType(e.examType);
      return !t || certificateKind(t) === 'paper';
    })
    .sort((a, b) => b.year - a.year || a.id.localeCompare(b.id));
  const counters = await examsCounterItems(
    exams.map((e) => e.id),
    CITIES,
  );
  // an exam no candidate of which was ever counted has nothing to show (no certificate, so no batch to
  // be late): only the others are read further, so the exams hr merely created cost one BatchGet each
  const counted = new Set([...counters.keys()].map((k) => k.slice(0, k.lastIndexOf('|'))));
  const each = await mapPooled(
    exams.filter((e) => counted.has(e.id)),
    POOL,
    (e) => examOverview(e, counters, at),
  );
  const shown = each.filter((e) => anyCount(e.total) || e.overdue.length);
  const total: PhaseCounts = addCounts(shown.map((e) => e.total));
  return {
    phases: [...overviewPhases],
    exams: shown.map(({ overdue: _, ...e }) => e),
    total,
    overdue: shown.flatMap((e) => e.overdue),
    at: at.toISOString(),
  };
}
