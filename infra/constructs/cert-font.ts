/**
 * The certificate font on AWS (functions/lib/certificate-pdf.ts): Noto Sans SC's TTF (10 MB, from the
 * `@expo-google-fonts/noto-sans-sc` package) ships as a Lambda layer, not inside the JS bundle: the
 * bundle stays small (a cold start loads only code), the layer is uploaded once per font version and
 * shared by every function that renders certificates. Lambda unpacks a layer under `/opt`, so the
 * font is `/opt/NotoSansSC_400Regular.ttf`, and `CERT_FONT_PATH` says so; locally the variable is unset
 * and the renderer reads the package's file in node_modules.
 *
 * A function gets the layer when one of its routes renders a certificate (`certificatePdf` in
 * functions/routes.ts; infra/constructs/api.ts attaches it).
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import {
  Architecture,
  Code,
  type Function as LambdaFunction,
  LayerVersion,
  Runtime,
} from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { CERT_FONT_FILE } from '../../functions/lib/certificate-pdf.js';

/** Where Lambda puts a layer's files. */
export const LAYER_ROOT = '/opt';
export const CERT_FONT_LAYER_PATH = `${LAYER_ROOT}/${CERT_FONT_FILE}`;

/** The package's folder that holds the font file (and a preview PNG and JS, left out of the layer). */
export function certFontDir(): string {
  return dirname(
    createRequire(import.meta.url).resolve(`@expo-google-fonts/noto-sans-sc/400Regular/${CERT_FONT_FILE}`),
  );
}

export class CertFont extends Construct {
  readonly layer: LayerVersion;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.layer = new LayerVersion(this, 'Layer', {
      description: `Noto Sans SC (${CERT_FONT_FILE}, SIL Open Font License) for certificate PDFs`,
      code: Code.fromAsset(certFontDir(), { exclude: ['*', `!${CERT_FONT_FILE}`] }),
      compatibleRuntimes: [Runtime.NODEJS_24_X],
      compatibleArchitectures: [Architecture.ARM_64],
      license: 'OFL-1.1',
    });
  }

  /** The function gets the layer and `CERT_FONT_PATH` pointing into it. */
  attach(fn: LambdaFunction): void {
    fn.addLayers(this.layer);
    fn.addEnvironment('CERT_FONT_PATH', CERT_FONT_LAYER_PATH);
  }
}
