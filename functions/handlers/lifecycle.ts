/**
 * The lifecycle state machine's Lambda tasks (infra/constructs/lifecycle.ts). Each is a thin adapter:
 * its input checked with zod like every other handler's, then the act (functions/acts/lifecycle.ts;
 * Timeout's and IssueElectronic's functions/acts/lifecycle-tasks.ts), which the domain core decides
 * (functions/domain/lifecycle.ts).
 *
 * Errors: a write that lost a race throws ConflictError (its Lambda error type), the one error the
 * state machine retries; every other failure goes to the DeadLetter task at once.
 */
import middy from '@middy/core';
import type * as z4 from 'zod/v4/core';
import { awaitEvent as awaitAct, beginExecution, recordFailure } from '../acts/lifecycle.js';
import { issueElectronic as issueAct, timeout as timeoutAct } from '../acts/lifecycle-tasks.js';
import { phases } from '../domain/lifecycle.js';
import * as z from '../domain/zod.js';
import { parseOrThrow } from '../lib/http.js';

const ref = z.object({
  examId: z.string().check(z.minLength(1)),
  personId: z.string().check(z.regex(/^[a-z2-9]{20}$/)),
});
const loadInput = z.extend(ref, { generation: z.number().check(z.int(), z.gte(1)) });
const awaitInput = z.extend(ref, { token: z.string().check(z.minLength(1)), phase: z.enum(phases) });
const deadLetterInput = z.extend(ref, {
  error: z.looseObject({ Error: z.optional(z.string()), Cause: z.optional(z.string()) }),
});

const task = <T, R>(schema: z4.$ZodType<T>, fn: (input: T) => Promise<R>) =>
  middy(async (event: unknown) => fn(parseOrThrow(schema, event, 'input')));

/** Load: the execution takes the lifecycle over and plans from what DynamoDB holds. */
export const load = task(loadInput, (i) => beginExecution(i.examId, i.personId, i.generation));

/** Await (callback): store the task token, or wake at once if the awaited thing already happened. */
export const awaitEvent = task(awaitInput, (i) => awaitAct(i.examId, i.personId, i.token, i.phase));

/** Timeout: a wait ran out — the reminder or the deadline's consequence, then plan. */
export const timeout = task(ref, (i) => timeoutAct(i.examId, i.personId));

/** R17: issue the electronic certificate. */
export const issueElectronic = task(ref, (i) => issueAct(i.examId, i.personId));

/** DeadLetter: a task failed after its retries; on AWS every invocation raises the lifecycle alarm. */
export const deadLetter = task(deadLetterInput, (i) => recordFailure(i.examId, i.personId, i.error));
