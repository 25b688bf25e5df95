/**
 * `webstat demo` (what `npm start` runs) as a child process: the built CLI on a free port, resolved
 * with the URL it prints once its agents listen. Stopped with SIGTERM, so that the demo stops its
 * agents on the way out (SIGKILL would orphan them), then SIGKILL if it has not gone in 10 s.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface DemoProcess {
  child: ChildProcess;
  /** The site's base URL, ending in a slash. */
  url: string;
}

export interface DemoProcessOptions {
  /** The repository's root (the CLI is dist/gateway/cli.js below it). */
  root: string;
  clusters: number;
  intervalSeconds: number;
  /** How long the demo may take to print its URL (its agents start first). */
  timeoutMs?: number;
}

export function startDemoProcess(options: DemoProcessOptions): Promise<DemoProcess> {
  const child = spawn(
    process.execPath,
    ['dist/gateway/cli.js', 'demo', '--port', '0', '--clusters', String(options.clusters), '--interval', String(options.intervalSeconds)],
    { cwd: options.root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  return new Promise<DemoProcess>((resolve, reject) => {
    const timer = setTimeout(() => {
      void stopProcess(child);
      reject(new Error(`the demo did not start:\n${output}`));
    }, options.timeoutMs ?? 150_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /webstat demo: (http\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1]!.endsWith('/') ? match[1]! : `${match[1]}/` });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the demo exited (${code}):\n${output}`));
    });
  });
}

/** SIGTERM, then SIGKILL after 10 s; resolves once the process has exited. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
