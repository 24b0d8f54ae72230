/**
 * The file worker: the function that does the PDF and spreadsheet work a request needs — rendering a
 * certificate's PDF (pdf-lib, fontkit, the font layer), reading an inline XLSX list's header row
 * (exceljs's reader), checking that a seal's PNG embeds (pdf-lib) — apart from the API functions that need it, so their bundles stay small (issue 14
 * §7: the PDF and spreadsheet workers are reported, not held to the API target). The API function does
 * everything else (who may, what is stored, the answer) and asks the worker only for that work.
 *
 * On AWS the worker is a Lambda function (FILE_WORKER_FUNCTION, its name) invoked synchronously over
 * Lambda's Invoke API (signed by functions/lib/aws-rest.ts); in local mode the local runtime installs
 * the same tasks run in-process (`setFileWorker`, scripts/local/runtime.ts).
 */
import * as z from '../domain/zod.js';
import { AwsError, type AwsRest, awsDomain, awsRest } from './aws-rest.js';

const id = z.string().check(z.minLength(1), z.maxLength(64));

/** Render a certificate's PDF into the files store (certificate-store.ts), if it is not there yet. */
export const renderCertificateTask = z.object({
  task: z.literal('certificatePdf'),
  examId: id,
  personId: id,
  checkUrlBase: z.string().check(z.minLength(1), z.maxLength(300)),
});
export type RenderCertificateTask = z.infer<typeof renderCertificateTask>;

/** The first row of an XLSX list in the files store (the inline import's header check). */
export const xlsxHeaderTask = z.object({
  task: z.literal('xlsxHeader'),
  key: z.string().check(z.regex(/^imports\/[a-z0-9]{1,64}\/source\.xlsx$/)),
});
export type XlsxHeaderTask = z.infer<typeof xlsxHeaderTask>;

/** What the worker answers: the header's cells, or null when the file is no workbook. */
export type XlsxHeader = { cells: string[] | null };

/** Whether a seal's PNG (base64, ≤ 200 KB: SEAL_MAX_BYTES) embeds in a PDF, as the certificate will embed it. */
export const sealCheckTask = z.object({
  task: z.literal('sealCheck'),
  png: z.string().check(z.maxLength(300_000)),
});
export type SealCheckTask = z.infer<typeof sealCheckTask>;
export type SealCheck = { embeds: boolean };

export const fileTask = z.discriminatedUnion('task', [renderCertificateTask, xlsxHeaderTask, sealCheckTask]);

export interface FileWorker {
  renderCertificate(task: RenderCertificateTask): Promise<void>;
  xlsxHeader(task: XlsxHeaderTask): Promise<XlsxHeader>;
  sealCheck(task: SealCheckTask): Promise<SealCheck>;
}

/** Lambda's Invoke (RequestResponse): the worker's answer, or its error as an Error. */
export function lambdaFileWorker(
  aws: AwsRest = awsRest('lambda'),
  functionName = process.env.FILE_WORKER_FUNCTION,
): FileWorker {
  const invoke = async (task: z.infer<typeof fileTask>): Promise<unknown> => {
    if (!functionName) throw new Error('FILE_WORKER_FUNCTION is not set');
    const res = await aws.send({
      method: 'POST',
      url: `https://lambda.${aws.region}.${awsDomain(aws.region)}/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations`,
      headers: { 'Content-Type': 'application/json', 'X-Amz-Invocation-Type': 'RequestResponse' },
      body: JSON.stringify(task),
    });
    const text = await res.text();
    if (!res.ok) {
      const type = res.headers.get('x-amzn-errortype')?.split(':')[0] ?? `Http${res.status}`;
      throw new AwsError(type, res.status, `Lambda Invoke ${functionName}: ${res.status} ${type}`);
    }
    let answer: unknown;
    try {
      answer = JSON.parse(text);
    } catch {
      answer = undefined;
    }
    // the worker threw: Lambda answers 200 with the error as the payload
    if (res.headers.get('x-amz-function-error')) {
      const e = (answer ?? {}) as { errorType?: string; errorMessage?: string };
      throw new Error(
        `the file worker failed: ${e.errorType ?? 'Error'}: ${e.errorMessage ?? text.slice(0, 200)}`,
      );
    }
    return answer;
  };
  return {
    async renderCertificate(task) {
      await invoke(task);
    },
    async xlsxHeader(task) {
      const a = (await invoke(task)) as XlsxHeader | undefined;
      if (!a || (a.cells !== null && !Array.isArray(a.cells)))
        throw new Error('the file worker answered no header');
      return { cells: a.cells };
    },
    async sealCheck(task) {
      const a = (await invoke(task)) as SealCheck | undefined;
      if (typeof a?.embeds !== 'boolean') throw new Error('the file worker answered no seal check');
      return { embeds: a.embeds };
    },
  };
}

let current: FileWorker | null = null;

export function fileWorker(): FileWorker {
  current ??= lambdaFileWorker();
  return current;
}

export function setFileWorker(w: FileWorker | null): void {
  current = w;
}
