#!/usr/bin/env node
/**
 * `webstat`: the gateway's command line (bin of the package, compiled to dist/gateway/cli.js).
 *
 *   webstat gateway --config FILE [--log-level LEVEL] [--tls-cert FILE --tls-key FILE]
 *   webstat demo [--port P] [--host H] [--clusters N] [--interval S] [--history-hours H] [--log-level LEVEL]
 *
 * Bad arguments exit 2 with one "webstat: usage: ..." line; other failures (a configuration
 * mistake, a port in use) exit 1 with "webstat: CODE: message" lines and no stack trace. SIGINT
 * and SIGTERM shut down gracefully (clients are told to reconnect) and exit 0.
 */
import { parseArgs } from 'node:util';
import { pino, type Logger } from 'pino';
import { loadConfig } from './config/load-config.ts';
import { DEFAULT_DEMO_CLUSTERS } from './demo/demo-clusters.ts';
import { DEFAULT_HISTORY_HOURS, MAX_HISTORY_HOURS } from './demo/demo-history.ts';
import { builtSiteDirectory, startDemo } from './demo.ts';
import { startGateway } from './server.ts';
import { SERVER_NAME } from './web-server.ts';

interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  /** Resolves when the process is asked to stop (SIGINT, SIGTERM). */
  stopped: Promise<void>;
}

const EXIT_OK = 0;
const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

const OVERVIEW = `usage: webstat COMMAND [options]

The webstat gateway polls the agents of many clusters (over SSH tunnels or on loopback), keeps
their history, and streams what each audience may see to browsers over WebSocket.

commands:
  gateway    run the gateway from a configuration file
  demo       run the gateway with simulated clusters and the built site, nothing to configure

"webstat COMMAND --help" shows a command's options; --version prints the version.`;

const GATEWAY_HELP = `usage: webstat gateway --config FILE [options]

Runs the gateway as configured in FILE (YAML; see gateway/README.md). A mistake in the file stops
the gateway before it starts, naming the file, the key and the line. PORT in the environment
overrides the configured port.

options:
  --config FILE      the configuration file (required)
  --log-level LEVEL  fatal, error, warn, info, debug, trace or silent (default info); logs are
                     JSON lines on stdout
  --tls-cert FILE    serve HTTPS and WSS with this certificate chain (PEM) ...
  --tls-key FILE     ... and this private key; without them a reverse proxy terminates TLS
  -h, --help         this help`;

const DEMO_HELP = `usage: webstat demo [options]

Starts simulated clusters (webstat-agent simulate, on loopback, real ZeroMQ, no SSH) and the
gateway in front of them, serving the built site (dist/site), and prints the URL. A browser on
that URL needs no token (level "users"); a "jobs" token for the API is printed too. One cluster
drops out now and then to show an unreachable row. Ctrl-C stops everything.

options:
  --port P           port to listen on (default: PORT from the environment, else 8080; 0 picks one)
  --host H           address to listen on (default 127.0.0.1; 0.0.0.0 to show it on the network)
  --clusters N       simulated clusters, 1 to 40 (default ${DEFAULT_DEMO_CLUSTERS})
  --interval S       seconds between collections and polls, 1 to 600 (default 5)
  --history-hours H  fill each cluster's history for the past H hours at start (a state every
                     minute for the last 6 h, every 5 minutes before), so the charts show a day
                     at once: 0 to ${MAX_HISTORY_HOURS} (default ${DEFAULT_HISTORY_HOURS}, 0 for none); the live data
                     continues from the last state
  --log-level LEVEL  as for "gateway" (default warn)
  -h, --help         this help`;

class UsageError extends Error {
  readonly code = 'usage';
}

function logger(level: string, stream: NodeJS.WritableStream): Logger {
  if (!LOG_LEVELS.includes(level)) throw new UsageError(`--log-level wants one of ${LOG_LEVELS.join(', ')}, not '${level}'`);
  return pino({ level, base: { service: 'webstat-gateway' } }, stream as NodeJS.WritableStream & { write(chunk: string): boolean });
}

function wholeNumber(flag: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text.trim()) || Number(text) < min || Number(text) > max) {
    throw new UsageError(`--${flag} wants a whole number from ${min} to ${max}, not '${text}'`);
  }
  return Number(text);
}

async function gatewayCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      config: { type: 'string' },
      'log-level': { type: 'string', default: 'info' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
    },
  });
  if (values.config === undefined) throw new UsageError('--config FILE is required');
  if ((values['tls-cert'] === undefined) !== (values['tls-key'] === undefined)) throw new UsageError('--tls-cert and --tls-key go together');
  const log = logger(values['log-level']!, io.stdout);
  const config = loadConfig(values.config, { env: io.env });
  const tls = values['tls-cert'] ? { certFile: values['tls-cert'], keyFile: values['tls-key']! } : undefined;
  const gateway = await startGateway(config, { log, ...(tls ? { tls } : {}) });
  await io.stopped;
  await gateway.close();
  return EXIT_OK;
}

async function demoCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      clusters: { type: 'string' },
      interval: { type: 'string' },
      'history-hours': { type: 'string' },
      'log-level': { type: 'string', default: 'warn' },
    },
  });
  const envPort = io.env.PORT !== undefined && io.env.PORT !== '' ? io.env.PORT : undefined;
  const port = values.port !== undefined ? wholeNumber('port', values.port, 8080, 0, 65535) : envPort !== undefined ? wholeNumber('port (from PORT)', envPort, 8080, 0, 65535) : 8080;
  const clusters = wholeNumber('clusters', values.clusters, DEFAULT_DEMO_CLUSTERS, 1, 40);
  const intervalSeconds = wholeNumber('interval', values.interval, 5, 1, 600);
  const historyHours = wholeNumber('history-hours', values['history-hours'], DEFAULT_HISTORY_HOURS, 0, MAX_HISTORY_HOURS);
  const log = logger(values['log-level']!, io.stderr);
  const site = builtSiteDirectory();
  const demo = await startDemo({ host: values.host!, port, clusters, site, intervalSeconds, historyHours, flakyEverySeconds: 180, flakyForSeconds: 45, log });
  io.stdout.write(
    [
      `webstat demo: ${demo.url}`,
      `  ${clusters} simulated clusters (${demo.agents.map((a) => a.cluster.name).join(', ')}), polled every ${intervalSeconds} s`,
      historyHours > 0 ? `  history: the past ${historyHours} h filled` : '  history: none before now (--history-hours 0)',
      site ? `  site: ${site}` : '  site: not built (npm run build); the WebSocket and the API work without it',
      `  API: ${demo.url}api/v1/clusters  (jobs level: -H 'Authorization: Bearer ${demo.token}')`,
      '  Ctrl-C stops the demo.',
      '',
    ].join('\n'),
  );
  await io.stopped;
  await demo.close();
  return EXIT_OK;
}

const COMMANDS: Record<string, { help: string; run(args: string[], io: CliIo): Promise<number> }> = {
  gateway: { help: GATEWAY_HELP, run: gatewayCommand },
  demo: { help: DEMO_HELP, run: demoCommand },
};

async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined) {
    io.stderr.write(`${OVERVIEW}\n`);
    return EXIT_USAGE;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(`${OVERVIEW}\n`);
    return EXIT_OK;
  }
  if (name === '--version' || name === '-V') {
    io.stdout.write(`${SERVER_NAME}\n`);
    return EXIT_OK;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr.write(`webstat: usage: unknown command '${name}' (commands: ${Object.keys(COMMANDS).join(', ')})\n`);
    return EXIT_USAGE;
  }
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(`${command.help}\n`);
    return EXIT_OK;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    const usage = error instanceof UsageError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'));
    io.stderr.write(`webstat: ${usage ? 'usage' : typeof code === 'string' ? code : 'error'}: ${String(message).replaceAll('\n', '\n  ')}\n`);
    if (usage) io.stderr.write(`  ("webstat ${name} --help" shows the usage)\n`);
    return usage ? EXIT_USAGE : EXIT_FAILURE;
  }
}

const stopped = new Promise<void>((resolve) => {
  process.once('SIGINT', () => resolve());
  process.once('SIGTERM', () => resolve());
});
process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, stopped });
