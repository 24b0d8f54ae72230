/**
 * Every DynamoDB table, built from the one list in functions/data/tables.ts, with the defaults fixed
 * here once: on-demand billing, point-in-time recovery, deletion protection, RETAIN on stack deletion,
 * AWS-owned encryption at rest, the TTL attribute and GSIs the spec gives, and a NEW_IMAGE stream where
 * the spec asks for one (the outbox).
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import {
  type Attribute,
  AttributeType,
  Billing,
  StreamViewType,
  TableEncryptionV2,
  TableV2,
} from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { type KeyAttr, type TableId, type TableSpec, tableList } from '../../functions/data/tables.js';

const attr = (k: KeyAttr): Attribute => ({
  name: k.name,
  type: k.type === 'N' ? AttributeType.NUMBER : AttributeType.STRING,
});

const pascal = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export class Tables extends Construct {
  private readonly byId: Partial<Record<TableId, TableV2>> = {};

  constructor(scope: Construct, id: string, specs: TableSpec[] = tableList) {
    super(scope, id);
    for (const spec of specs) {
      this.byId[spec.id] = new TableV2(this, pascal(spec.id), {
        partitionKey: attr(spec.partitionKey),
        ...(spec.sortKey ? { sortKey: attr(spec.sortKey) } : {}),
        billing: Billing.onDemand(),
        encryption: TableEncryptionV2.dynamoOwnedKey(),
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        deletionProtection: true,
        removalPolicy: RemovalPolicy.RETAIN,
        ...(spec.ttlAttribute ? { timeToLiveAttribute: spec.ttlAttribute } : {}),
        ...(spec.stream === 'NEW_IMAGE' ? { dynamoStream: StreamViewType.NEW_IMAGE } : {}),
        globalSecondaryIndexes: spec.indexes.map((ix) => ({
          indexName: ix.name,
          partitionKey: attr(ix.partitionKey),
          ...(ix.sortKey ? { sortKey: attr(ix.sortKey) } : {}),
        })),
      });
    }
  }

  get(id: TableId): TableV2 {
    const table = this.byId[id];
    if (!table) throw new Error(`table ${id} is not in this stack`);
    return table;
  }
}
