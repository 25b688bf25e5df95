// web-test-runner plugins for the worker's browser tests (imported by web-test-runner.config.mjs):
// - sql.js ships as CommonJS; @rollup/plugin-commonjs turns it into a module for the browser
//   (Vite does the same in the site build);
// - the real gateway (gateway/server.ts) with simulated agents, started on first use in a child
//   process (worker/testing/gateway-process.ts) and driven from the browser with GET
//   /__gateway/<command>?args (see worker/testing/gateway-control.ts).
import rollupCommonjs from '@rollup/plugin-commonjs';
import { fromRollup } from '@web/dev-server-rollup';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const commonjs = fromRollup(rollupCommonjs);
const root = fileURLToPath(new URL('../..', import.meta.url));

function gatewayPlugin() {
  let child = null;
  /** The test pages' origins, which the gateway must allow (known once the server started). */
  let origins = 'http://localhost:8000,http://127.0.0.1:8000';
  let starting = null;
  let nextId = 0;
  const pending = new Map();

  function start() {
    starting ??= new Promise((resolve, reject) => {
      child = fork(fileURLToPath(new URL('./gateway-process.ts', import.meta.url)), [], {
        cwd: root,
        execArgv: ['--import', 'tsx'],
        env: { ...process.env, WEBSTAT_TEST_ORIGINS: origins },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      child.on('message', (message) => {
        if (message.ready) return resolve(child);
        const waiter = pending.get(message.id);
        pending.delete(message.id);
        if (!waiter) return;
        if ('error' in message) waiter.reject(new Error(message.error));
        else waiter.resolve(message.result);
      });
      child.once('exit', (code) => {
        for (const waiter of pending.values()) waiter.reject(new Error(`test gateway exited (${code})`));
        pending.clear();
        reject(new Error(`test gateway exited (${code})`));
      });
    });
    return starting;
  }

  async function call(command, args) {
    const process = await start();
    const id = ++nextId;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      process.send({ id, command, args });
    });
  }

  return {
    name: 'webstat-test-gateway',
    serverStart({ config }) {
      origins = [`http://localhost:${config.port}`, `http://127.0.0.1:${config.port}`, `http://${config.hostname}:${config.port}`].join(',');
    },
    async serve(context) {
      if (!context.path.startsWith('/__gateway/')) return undefined;
      const command = context.path.slice('/__gateway/'.length);
      try {
        const result = await call(command, Object.fromEntries(context.URL.searchParams));
        return { body: JSON.stringify(result), type: 'application/json', headers: { 'cache-control': 'no-store' } };
      } catch (error) {
        context.status = 500;
        return { body: JSON.stringify({ error: String(error.message ?? error) }), type: 'application/json' };
      }
    },
    async serverStop() {
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.disconnect();
      // SIGTERM still lets it stop its agents; SIGKILL only if that hangs.
      const timer = setTimeout(() => child.kill('SIGTERM'), 10_000);
      const last = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
      clearTimeout(last);
    },
  };
}

export function workerTestPlugins() {
  return [commonjs({ include: ['**/node_modules/sql.js/**'], strictRequires: false }), gatewayPlugin()];
}
