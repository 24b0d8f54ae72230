/**
 * The PDF worker (functions/handlers/pdf-worker.ts): the one function that renders certificate PDFs,
 * with pdf-lib, fontkit and the font layer (infra/constructs/cert-font.ts). The API functions whose
 * routes serve certificate PDFs (`certificatePdf` in functions/routes) invoke it synchronously when a
 * certificate has no stored PDF yet (functions/lib/pdf-worker.ts), so their own bundles stay small
 * (issue 14 §7). It reads the candidate and the exam, reads the seals and writes the certificates'
 * PDFs in the files store; it may be invoked by exactly the functions granted here, and by nothing else.
 */
import { Duration } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import { CertFont } from './cert-font.js';
import type { Files } from './files.js';
import type { FunctionFactory } from './functions.js';

/** The variable that names the worker to its callers (functions/lib/pdf-worker.ts reads it). */
export const PDF_WORKER_ENV = 'PDF_WORKER_FUNCTION';

export interface PdfWorkerProps {
  functions: FunctionFactory;
  files: Files;
}

export class PdfWorker extends Construct {
  readonly fn: NodejsFunction;
  readonly font: CertFont;

  constructor(scope: Construct, id: string, props: PdfWorkerProps) {
    super(scope, id);
    this.font = new CertFont(this, 'CertFont');
    this.fn = props.functions.create(this, 'Renderer', {
      entry: 'functions/handlers/pdf-worker.ts',
      handler: 'handler',
      description:
        "Renders an electronic certificate's PDF into the files store (invoked by the certificates routes)",
      reads: ['catalog', 'candidates'],
      writes: [],
      // the first render parses the font (a few seconds cold); the caller's route waits for it
      timeout: Duration.seconds(30),
      memorySize: 1024,
      environment: props.files.environment,
    });
    this.font.attach(this.fn);
    props.files.grant(this.fn, 'write', ['certificates']);
    props.files.grant(this.fn, 'read', ['seals']);
  }

  /** Lets a function invoke the worker (this function only: its ARN, no version wildcard). */
  grantInvoke(fn: IFunction): void {
    fn.addToRolePolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.fn.functionArn] }),
    );
  }

  /** What a caller needs in its environment. */
  get environment(): Record<string, string> {
    return { [PDF_WORKER_ENV]: this.fn.functionName };
  }
}
