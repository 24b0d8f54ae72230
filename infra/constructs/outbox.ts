/**
 * Outbox delivery: the outbox table's stream (NEW_IMAGE, INSERT events only, filtered at the event
 * source so modifications never invoke the function) → functions/handlers/outbox-deliver.ts → SNS SMS.
 * Batch item failures let the stream retry from the failing record; records that still fail after
 * the retries go to an SQS on-failure queue, and an alarm fires as soon as that queue holds anything.
 */
import { Aws, Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { tables as tableSpecs } from '../../functions/data/tables.js';
import type { FunctionFactory } from './functions.js';
import { acknowledge } from './nag.js';
import type { Tables } from './tables.js';

export interface OutboxProps {
  functions: FunctionFactory;
  tables: Tables;
}

export class Outbox extends Construct {
  readonly deliver: NodejsFunction;
  readonly failures: Queue;
  readonly failureAlarm: Alarm;

  constructor(scope: Construct, id: string, props: OutboxProps) {
    super(scope, id);
    const table = props.tables.get('outbox');

    this.failures = new Queue(this, 'DeliveryFailures', {
      // failed deliveries carry phone numbers and message text: the personal-data key
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: props.tables.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(
      this.failures,
      'AwsSolutions-SQS3',
      'This queue IS the dead-letter destination: it is the on-failure destination of the outbox stream ' +
        "event source mapping (cdk-nag only recognises queues named in another queue's redrive policy). " +
        'Nothing consumes it automatically; the alarm below pages operators, who redrive by hand.',
    );

    this.deliver = props.functions.create(this, 'Deliver', {
      entry: 'functions/handlers/outbox-deliver.ts',
      handler: 'handler',
      description: 'Delivers queued outbox messages (SMS via SNS) and marks them sent or failed',
      timeout: Duration.seconds(60),
      memorySize: 256,
      environment: { [tableSpecs.outbox.envVar]: table.tableName },
      wildcardResourceReasons: [
        'sns:Publish to a phone number (SMS) has no resource ARN, so it can only be allowed on "*"; an explicit ' +
          'Deny on every SNS topic in the same policy limits it to direct SMS.',
      ],
    });
    // Only what delivery needs, on the table itself (not its index): read an item's status, update it.
    this.deliver.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
        resources: [table.tableArn],
      }),
    );
    // the table and its stream are encrypted with the personal-data key: read them, write the status
    props.tables.grantKey(this.deliver, true);
    this.deliver.addToRolePolicy(new PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] }));
    this.deliver.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.DENY,
        actions: ['sns:Publish'],
        resources: [`arn:${Aws.PARTITION}:sns:*:*:*`],
      }),
    );

    this.deliver.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 25,
        maxBatchingWindow: Duration.seconds(1),
        parallelizationFactor: 4,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: 10,
        maxRecordAge: Duration.hours(24),
        onFailure: new SqsDlq(this.failures),
        filters: [FilterCriteria.filter({ eventName: FilterRule.isEqual('INSERT') })],
      }),
    );

    this.failureAlarm = new Alarm(this, 'DeliveryFailuresAlarm', {
      alarmDescription:
        'Outbox records the delivery function could not process after all retries (see the queue for the ' +
        'stream positions; the messages stay queued in the outbox table until redriven).',
      metric: this.failures.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }
}
