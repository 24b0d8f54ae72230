/**
 * The file worker (functions/handlers/file-worker.ts): the one function that does the request path's
 * PDF and spreadsheet work — renders certificate PDFs with pdf-lib, fontkit and the font layer
 * (infra/constructs/cert-font.ts), reads an inline list's XLSX header with exceljs's reader, checks a
 * seal's PNG with pdf-lib. The API
 * functions whose routes need it (`certificatePdf`, `fileWork` in functions/routes) invoke it
 * synchronously (functions/lib/file-worker.ts), so their own bundles stay small (issue 14 §7). It reads
 * the candidate and the exam, reads the seals and the imports' source files and writes the
 * certificates' PDFs in the files store; only the functions granted here may invoke it.
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
export const FILE_WORKER_ENV = 'FILE_WORKER_FUNCTION';

export interface FileWorkerProps {
  functions: FunctionFactory;
  files: Files;
}

export class FileWorker extends Construct {
  readonly fn: NodejsFunction;
  readonly font: CertFont;

  constructor(scope: Construct, id: string, props: FileWorkerProps) {
    super(scope, id);
    this.font = new CertFont(this, 'CertFont');
    this.fn = props.functions.create(this, 'Function', {
      entry: 'functions/handlers/file-worker.ts',
      handler: 'handler',
      description:
        "Renders electronic certificates' PDFs; reads an inline XLSX list's header; checks a seal's PNG (invoked by the routes that need it)",
      reads: ['catalog', 'candidates'],
      writes: [],
      // the first render parses the font (a few seconds cold); the caller's route waits for it
      timeout: Duration.seconds(30),
      memorySize: 1024,
      environment: props.files.environment,
    });
    this.font.attach(this.fn);
    props.files.grant(this.fn, 'write', ['certificates']);
    props.files.grant(this.fn, 'read', ['seals', 'imports']);
  }

  /** Lets a function invoke the worker (this function only: its ARN, no version wildcard). */
  grantInvoke(fn: IFunction): void {
    fn.addToRolePolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.fn.functionArn] }),
    );
  }

  /** What a caller needs in its environment. */
  get environment(): Record<string, string> {
    return { [FILE_WORKER_ENV]: this.fn.functionName };
  }
}
