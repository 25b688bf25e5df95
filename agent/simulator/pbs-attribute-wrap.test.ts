import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { FIXTURES } from '../testing/fake-scheduler-session.ts';
import { PBSPRO_LINE_SIZE, TORQUE_LINE_SIZE, wrapAttribute } from './pbs-attribute-wrap.ts';

/**
 * Each attribute of a real `qstat -f` as its printed lines, its name, and its value with the wraps
 * undone. This copy of the output lost trailing whitespace, so the lone-TAB line qstat prints after
 * a value that ends exactly at the margin shows as an empty line before the next attribute.
 */
function attributesOf(text: string): { lines: string; name: string; value: string }[] {
  const found: { lines: string; name: string; value: string }[] = [];
  const lines = text.split('\n');
  for (const [i, line] of lines.entries()) {
    const attribute = /^ {4}([A-Za-z_][\w.]*) = (.*)$/.exec(line);
    if (attribute) found.push({ lines: line, name: attribute[1]!, value: attribute[2]! });
    else if (line === '' && lines[i + 1]?.startsWith('    ') && found.length > 0) found[found.length - 1]!.lines += '\n';
    else if (line.startsWith('\t') && found.length > 0) {
      const last = found[found.length - 1]!;
      last.lines += `\n${line}`;
      last.value += line.slice(1);
    }
  }
  return found;
}

test('re-wrapping every attribute of a real PBS Pro qstat -f gives the same lines, byte for byte', () => {
  const text = readFileSync(`${FIXTURES}pbspro/qstat_f_aiida_epfl_pbspro.txt`, 'utf8');
  const attributes = attributesOf(text);
  const wrapped = attributes.filter((a) => a.lines.includes('\n'));
  assert.ok(wrapped.length >= 20, `the fixture has many wrapped values (${wrapped.length})`);
  for (const { lines, name, value } of attributes) {
    assert.equal(wrapAttribute(name, value, PBSPRO_LINE_SIZE).replace(/\t$/, ''), lines, name);
  }
});

test('a value ending exactly at the margin leaves a lone TAB line, as qstat prints it', () => {
  // 7 + 7 + 65 characters reach column 79: qstat breaks after the last one.
  const value = 'x'.repeat(PBSPRO_LINE_SIZE + 1 - 'comment'.length - 7);
  assert.equal(wrapAttribute('comment', value, PBSPRO_LINE_SIZE), `    comment = ${value}\n\t`);
});

test('Torque breaks one column earlier than PBS Pro', () => {
  const value = 'y'.repeat(100);
  const [torqueFirst] = wrapAttribute('Output_Path', value, TORQUE_LINE_SIZE).split('\n');
  const [pbsFirst] = wrapAttribute('Output_Path', value, PBSPRO_LINE_SIZE).split('\n');
  assert.equal(torqueFirst!.length, 78);
  assert.equal(pbsFirst!.length, 79);
});

test('comma-separated items move whole to the next line when they fit there, and empty items vanish', () => {
  const out = wrapAttribute('Variable_List', `A=${'a'.repeat(40)},,B=${'b'.repeat(40)}`, PBSPRO_LINE_SIZE);
  assert.equal(out, `    Variable_List = A=${'a'.repeat(40)},\n\tB=${'b'.repeat(40)}`);
});
