/**
 * The system as it is deployed: `npm run build`'s two steps (tsc for the agent and the gateway,
 * Vite for the site) into a private directory, so the end-to-end tests run `dist/gateway/cli.js`
 * and `dist/agent/cli.js` exactly as an admin would, and serve the real built site.
 *
 * Why not the repository's own dist/: other test files (and people) rebuild it while these tests
 * run, and a half-written site would fail a test for nothing. The build goes to
 * `.webstat/e2e-build/<hash of the sources>/`, shared by every e2e test file of one run (and the
 * next runs, while the sources are unchanged): the first file to need it builds it under a lock
 * directory, the others wait for its `ready` mark.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const REPOSITORY = fileURLToPath(new URL('../..', import.meta.url));
const BUILDS = join(REPOSITORY, '.webstat', 'e2e-build');
/** What the two build steps read; a change to any of these files means a new build. */
const SOURCE_DIRECTORIES = ['agent', 'gateway', 'protocol', 'worker', 'widgets', 'site'];
const SOURCE_FILES = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'];
/** A lock older than this belongs to a build that died with its test process. */
const STALE_LOCK_MS = 10 * 60_000;
const KEPT_BUILDS = 3;

export interface BuiltSystem {
  /** The build's root: `dist/` below it, with node_modules and package.json linked beside. */
  root: string;
  /** `webstat` (the gateway's CLI). */
  gatewayCli: string;
  /** `webstat-agent`. */
  agentCli: string;
  /** The built site, as `site:` in the gateway's configuration names it. */
  site: string;
}

function sourceFiles(directory: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) found.push(...sourceFiles(path));
    else if (!entry.name.endsWith('.test.ts')) found.push(path);
  }
  return found;
}

/** A hash of every file the build reads, by path and content. */
function sourceHash(): string {
  const hash = createHash('sha256');
  const files = [...SOURCE_DIRECTORIES.flatMap((dir) => sourceFiles(join(REPOSITORY, dir))), ...SOURCE_FILES.map((file) => join(REPOSITORY, file))];
  for (const file of files.sort()) {
    hash.update(relative(REPOSITORY, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

function describe(root: string): BuiltSystem {
  return {
    root,
    gatewayCli: join(root, 'dist', 'gateway', 'cli.js'),
    agentCli: join(root, 'dist', 'agent', 'cli.js'),
    site: join(root, 'dist', 'site'),
  };
}

async function build(target: string): Promise<void> {
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  // Compiled files find their packages (and the agent its version) as an installed copy would.
  symlinkSync(join(REPOSITORY, 'node_modules'), join(target, 'node_modules'));
  symlinkSync(join(REPOSITORY, 'package.json'), join(target, 'package.json'));
  const bin = (name: string) => join(REPOSITORY, 'node_modules', '.bin', name);
  const options = { cwd: REPOSITORY, maxBuffer: 64 * 1024 * 1024 };
  try {
    await run(bin('tsc'), ['-p', 'tsconfig.build.json', '--outDir', join(target, 'dist')], options);
  } catch (error) {
    // tsc emits even when a file elsewhere has a type error (`npm run typecheck` is where types
    // are judged); what matters here is that the two programs came out.
    const system = describe(target);
    if (!existsSync(system.gatewayCli) || !existsSync(system.agentCli)) {
      throw new Error(`tsc did not build the CLIs:\n${(error as { stdout?: string }).stdout ?? error}`);
    }
  }
  await run(bin('vite'), ['build', '--config', 'site/vite.config.ts', '--logLevel', 'warn', '--outDir', join(target, 'dist', 'site'), '--emptyOutDir'], options);
}

async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Removes all but the newest builds, never the one in use. */
function pruneOldBuilds(keep: string): void {
  const builds = readdirSync(BUILDS)
    .filter((name) => /^[0-9a-f]{16}$/.test(name) && name !== keep)
    .map((name) => ({ name, time: statSync(join(BUILDS, name)).mtimeMs }))
    .sort((a, b) => b.time - a.time);
  for (const old of builds.slice(KEPT_BUILDS - 1)) {
    if (!existsSync(join(BUILDS, `${old.name}.lock`))) rmSync(join(BUILDS, old.name), { recursive: true, force: true });
  }
}

/** The build of the current sources, made now or by an earlier test file. */
export async function builtSystem(): Promise<BuiltSystem> {
  mkdirSync(BUILDS, { recursive: true });
  const hash = sourceHash();
  const root = join(BUILDS, hash);
  const ready = join(root, 'ready');
  const lock = join(BUILDS, `${hash}.lock`);
  const deadline = Date.now() + STALE_LOCK_MS;
  while (!existsSync(ready)) {
    try {
      mkdirSync(lock);
    } catch {
      // Another test file builds it: wait for its mark, or take over a lock it left behind.
      const held = statSync(lock, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > STALE_LOCK_MS) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`the e2e build in ${root} did not finish within ${STALE_LOCK_MS / 60_000} minutes`);
      await sleep(500);
      continue;
    }
    try {
      const staging = `${root}.building`;
      await build(staging);
      rmSync(root, { recursive: true, force: true });
      renameSync(staging, root);
      writeFileSync(ready, new Date().toISOString());
      pruneOldBuilds(hash);
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
  return describe(root);
}
