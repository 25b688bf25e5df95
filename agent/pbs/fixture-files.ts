/**
 * Test support: the real scheduler outputs kept beside the repository
 * (`../shared/fixtures/scheduler-outputs/`, see its INDEX.md and FORMATS.md), read in place.
 */
import { readFileSync } from 'node:fs';

const FIXTURES = new URL('../../../shared/fixtures/scheduler-outputs/', import.meta.url);

export function fixture(path: string): string {
  return readFileSync(new URL(path, FIXTURES), 'utf8');
}

/** The text between `output=<<<ENDF` (or ENDL) and its end marker after `args="command"`. */
export function arcSection(text: string, command: string): string {
  const start = text.indexOf(`args="${command}"`);
  if (start < 0) throw new Error(`no section for ${command}`);
  const open = text.indexOf('<<<', start);
  const marker = text.slice(open + 3, text.indexOf('\n', open));
  const body = text.indexOf('\n', open) + 1;
  return text.slice(body, text.indexOf(`\n${marker}`, body) + 1);
}
