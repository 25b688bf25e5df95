/**
 * The agent's version: the package's, found by walking up from this file (it sits at
 * `agent/agent-version.ts` in the repository and `dist/agent/agent-version.js` when installed).
 */
import { readFileSync } from 'node:fs';

function findVersion(): string {
  let url = new URL('.', import.meta.url);
  for (let depth = 0; depth < 5; depth++) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('package.json', url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'webstat' && pkg.version) return pkg.version;
    } catch {
      // Not here: one level up.
    }
    url = new URL('..', url);
  }
  return '0.0.0';
}

export const AGENT_VERSION = findVersion();
