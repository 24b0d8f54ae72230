/**
 * `npm start`: the whole system on this machine. Flags: --fresh (empty the local database first),
 * --in-memory (keep nothing), PORT=3000 to choose the port.
 */
import { existsSync } from 'node:fs';
import { checkJava } from './local/dynamo.js';
import { startLocal } from './local/runtime.js';

const args = new Set(process.argv.slice(2));
if (args.has('--help')) {
  console.log('npm start [-- --fresh] [-- --in-memory]   (PORT=3000 by default)');
  process.exit(0);
}

const javaProblem = checkJava();
if (javaProblem) {
  console.error(`✖ ${javaProblem}`);
  process.exit(1);
}

const t0 = Date.now();
if (existsSync('scripts/build-web.ts')) {
  const { buildWeb } = await import('./build-web.js');
  await buildWeb('dist/web');
}

const port = Number(process.env.PORT ?? 3000);
let system: Awaited<ReturnType<typeof startLocal>>;
try {
  system = await startLocal({ port, fresh: args.has('--fresh'), inMemory: args.has('--in-memory') });
} catch (e) {
  const msg = (e as Error).message;
  console.error(`✖ 启动失败 / could not start: ${msg}`);
  if (/EADDRINUSE/.test(msg)) console.error(`  端口 ${port} 已被占用：用 PORT=3001 npm start 换一个端口`);
  process.exit(1);
}

const { url, demo } = system;
console.log(`
✔ 本地系统已启动 / local system running (${((Date.now() - t0) / 1000).toFixed(1)} s)

  公告网站 Public site        ${url}/
  考生服务 Candidate portal   ${url}/portal/
  部门工作台 Console          ${url}/console/

  部门账号 Staff logins (password: ${demo.staff[0]?.password})
${demo.staff.map((s) => `    ${s.username.padEnd(14)} ${s.role.padEnd(12)} ${s.department}`).join('\n')}

  考生 Candidates (ID number + name; the SMS code is printed here as 📨)
${demo.candidates.map((c) => `    ${c.idNumber}  ${c.name}  (${c.examId})`).join('\n')}

  Ctrl-C 停止 / to stop
`);

system.lifecycles.then(
  (n) => console.log(`✔ ${n} 个考生的生命周期状态机已运行 / lifecycle executions running`),
  (e: Error) => console.error(`✖ lifecycles: ${e.message}`),
);

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  console.log('\n正在停止… stopping');
  await system.stop();
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
