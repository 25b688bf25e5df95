#!/usr/bin/env node
// Runs every Node test (`*.test.ts` outside the browser parts) with node:test through tsx.
// Node 20's test runner does not find .ts files by itself, so they are listed here.
// Usage: node e2e/run-node-tests.mjs [PATH-PREFIX...]
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const NODE_PARTS = ['protocol', 'agent', 'gateway', 'bench', 'e2e'];

function find(dir) {
  const found = [];
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) found.push(...find(path));
    else if (entry.endsWith('.test.ts')) found.push(path);
  }
  return found;
}

const prefixes = process.argv.slice(2);
const files = NODE_PARTS.flatMap((part) => find(join(root, part)))
  .map((file) => relative(root, file))
  .filter((file) => prefixes.length === 0 || prefixes.some((prefix) => file.startsWith(prefix)))
  .sort();
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
  { cwd: root, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
