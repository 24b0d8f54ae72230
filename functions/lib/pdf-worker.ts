/**
 * The PDF worker: the function that renders certificate PDFs (pdf-lib, fontkit, the font layer), apart
 * from the API function that serves them (issue 14 §7: an API function's bundle stays small; the PDF
 * worker is reported, not held to it). The API function checks who may have the certificate, reads the
 * stored PDF, and only when there is none yet asks the worker to render and store it, then reads it.
 *
 * On AWS the worker is a Lambda function (PDF_WORKER_FUNCTION, its name) invoked synchronously over
 * Lambda's Invoke API (signed by functions/lib/aws-rest.ts); in local mode the local runtime installs
 * the same task run in-process (`setPdfWorker`, scripts/local/runtime.ts).
 */
import * as z from '../domain/zod.js';
import { AwsError, type AwsRest, awsDomain, awsRest } from './aws-rest.js';

/** The one task: render a certificate's PDF into the files store (if it is not there yet). */
export const renderCertificateTask = z.object({
  task: z.literal('certificatePdf'),
  examId: z.string().check(z.minLength(1), z.maxLength(64)),
  personId: z.string().check(z.minLength(1), z.maxLength(64)),
  checkUrlBase: z.string().check(z.minLength(1), z.maxLength(300)),
});
export type RenderCertificateTask = z.infer<typeof renderCertificateTask>;

export interface PdfWorker {
  /** render and store the certificate's PDF (certificate-store.ts `certificatePdfKey`) */
  renderCertificate(task: RenderCertificateTask): Promise<void>;
}

/** Lambda's Invoke (RequestResponse): the worker's answer, or its error as an Error. */
export function lambdaPdfWorker(
  aws: AwsRest = awsRest('lambda'),
  functionName = process.env.PDF_WORKER_FUNCTION,
): PdfWorker {
  return {
    async renderCertificate(task) {
      if (!functionName) throw new Error('PDF_WORKER_FUNCTION is not set');
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
      // the worker threw: Lambda answers 200 with the error as the payload
      if (res.headers.get('x-amz-function-error')) {
        const e = (() => {
          try {
            return JSON.parse(text) as { errorType?: string; errorMessage?: string };
          } catch {
            return {};
          }
        })();
        throw new Error(
          `the PDF worker failed: ${e.errorType ?? 'Error'}: ${e.errorMessage ?? text.slice(0, 200)}`,
        );
      }
    },
  };
}

let current: PdfWorker | null = null;

export function pdfWorker(): PdfWorker {
  current ??= lambdaPdfWorker();
  return current;
}

export function setPdfWorker(w: PdfWorker | null): void {
  current = w;
}
