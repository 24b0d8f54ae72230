/**
 * The one way this project acknowledges a cdk-nag finding: on the construct that carries it, for one
 * AwsSolutions rule (or one finding of it, `AwsSolutions-IAM5[Resource::…]`), with the reason it cannot
 * be fixed. The id is written fully qualified (`AwsSolutions::<rule>`), the form the validation report
 * asks for; test/infra/nag.test.ts checks that every acknowledgement has a real reason.
 */
import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

export function acknowledge(scope: IConstruct, rule: `AwsSolutions-${string}`, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions::${rule}`, reason });
}
