/**
 * Every DynamoDB table, built from the one list in functions/data/tables.ts, with the defaults fixed
 * here once: on-demand billing, point-in-time recovery, deletion protection, RETAIN on stack deletion,
 * encryption at rest with the personal-data key (infra/constructs/data-key.ts: customer-managed, rotated), the TTL attribute and GSIs the spec gives, and a NEW_IMAGE stream where
 * the spec asks for one (the outbox).
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import {
  type Attribute,
  AttributeType,
  Billing,
  type CfnGlobalTable,
  StreamViewType,
  TableEncryptionV2,
  TableV2,
} from 'aws-cdk-lib/aws-dynamodb';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { type KeyAttr, type TableId, type TableSpec, tableList } from '../../functions/data/tables.js';

const attr = (k: KeyAttr): Attribute => ({
  name: k.name,
  type: k.type === 'N' ? AttributeType.NUMBER : AttributeType.STRING,
});

const pascal = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export class Tables extends Construct {
  private readonly byId: Partial<Record<TableId, TableV2>> = {};
  /** the personal-data key the tables are encrypted with */
  readonly key: IKey;

  constructor(scope: Construct, id: string, props: { key: IKey; specs?: TableSpec[] }) {
    super(scope, id);
    const specs = props.specs ?? tableList;
    this.key = props.key;
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
      // the personal-data key, by escape hatch: TableV2's customerManagedKey cannot render its replica
      // in a region-agnostic stack; the one replica is this region's (grants: FunctionFactory, grantKey)
      const cfn = this.byId[spec.id]?.node.defaultChild as CfnGlobalTable;
      cfn.addPropertyOverride('SSESpecification', { SSEEnabled: true, SSEType: 'KMS' });
      cfn.addPropertyOverride('Replicas.0.SSESpecification', { KMSMasterKeyId: props.key.keyArn });
    }
  }

  /** Use of the tables' key, as a table grant needs it: decrypt to read, and encrypt to write. */
  grantKey(grantee: IGrantable, write: boolean): void {
    if (write) this.key.grantEncryptDecrypt(grantee);
    else this.key.grant(grantee, 'kms:Decrypt', 'kms:DescribeKey');
  }

  get(id: TableId): TableV2 {
    const table = this.byId[id];
    if (!table) throw new Error(`table ${id} is not in this stack`);
    return table;
  }
}
