import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ParseError } from '../parse-result.ts';
import { fixture } from './fixture-files.ts';
import { parsePbsJson } from './pbs-json.ts';

test('valid JSON takes the fast path and says nothing', () => {
  const { value, warnings } = parsePbsJson('{\n    "a":1,\n    "b":{"c":"d"}\n}\n', 'test');
  assert.deepEqual(value, { a: 1, b: { c: 'd' } });
  assert.deepEqual(warnings, []);
});

test('a shell prompt or a text table before the JSON is skipped and reported', () => {
  const { value, warnings } = parsePbsJson(fixture('pbspro/json_bug_mixed_text_and_json_pr2675_openpbs23.txt'), 'test');
  assert.equal(value.pbs_version, '23.06.06', 'TAB after the colon (23.06)');
  assert.equal(value.pbs_server, 'VMa');
  assert.equal(warnings.length, 1);
});

test('leading zeros keep their text; invalid escapes keep their backslash', () => {
  const text = '{\n    "Variable_List":{\n        "SEED":005,\n        "WIN":"C:\\dir\\x",\n        "OK":"a\\tb"\n    }\n}\n';
  const { value, warnings } = parsePbsJson(text, 'test');
  assert.deepEqual(value.Variable_List, { SEED: '005', WIN: 'C:\\dir\\x', OK: 'a\tb' });
  assert.equal(warnings.length, 1);
});

test('the 23.06 layout (TAB indents, TAB after the colon) read leniently', () => {
  const text = '{\n\t"pbs_version":\t"23.06.06",\n\t"Jobs":{\n\t\t"1.s":{\n\t\t\t"Job_Owner":\t"a@b",\n\t\t\t"Variable_List":{\n\t\t\t\t"N":\t007\n\t\t\t}\n\t\t}\n\t}\n}\n';
  const { value } = parsePbsJson(text, 'test');
  assert.deepEqual(value, { pbs_version: '23.06.06', Jobs: { '1.s': { Job_Owner: 'a@b', Variable_List: { N: '007' } } } });
});

test('an unescaped quote inside a string (openpbs PR 830), embedded in a node record', () => {
  const fragment = fixture('pbspro/json_bug_unescaped_quote_pbsnodes_pr830_metacentrum.txt');
  const text = `{\n    "nodes":{\n        "zenon1":{\n            "resources_available":{\n${fragment}            "state":"free"\n        }\n    }\n}\n`;
  const { value } = parsePbsJson(text, 'test');
  const node = (value.nodes as Record<string, Record<string, unknown>>).zenon1!;
  assert.equal(node.comment, 'HEALTH-CHECK: /var/spool/pbs/mom_scripts/torpedo.d/reboot "zaskly sdileny scratch" (Sep 04 14:13 SCHEDULED)');
  assert.deepEqual(node.resources_available, { scratch_local: '2097152kb' });
  assert.equal(node.resv_enable, 'True');
});

test('raw newlines in a BASH_FUNC value', () => {
  const text = '{\n    "Variable_List":{\n        "BASH_FUNC_module%%":"() {  eval `/usr/bin/modulecmd bash $*`\n}",\n        "PBS_O_HOME":"/home/u"\n    }\n}\n';
  const { value } = parsePbsJson(text, 'test');
  assert.deepEqual(value.Variable_List, { 'BASH_FUNC_module%%': '() {  eval `/usr/bin/modulecmd bash $*`\n}', PBS_O_HOME: '/home/u' });
});

test('duplicate keys keep every value when asked', () => {
  const text = '{\n    "Queue":{\n        "q":{\n            "max_queued":"[u:PBS_GENERIC=5]",\n            "max_queued":"[g:chem=50]"\n        }\n    }\n}\n';
  const kept = parsePbsJson(text, 'test', { keepDuplicateKeys: true }).value;
  assert.deepEqual([...((kept.Queue as Record<string, Record<string, string[]>>).q!.max_queued!)], ['[u:PBS_GENERIC=5]', '[g:chem=50]']);
  const lastWins = parsePbsJson(text, 'test').value;
  assert.equal((lastWins.Queue as Record<string, Record<string, string>>).q!.max_queued, '[g:chem=50]');
});

test('truncated or shapeless JSON is a ParseError with a line', () => {
  const whole = fixture('pbspro/qstat_xf_json_buildtest_held_19.txt');
  assert.throws(() => parsePbsJson(whole.slice(0, 600), 'qstat -f -F json'), (error) => error instanceof ParseError && error.line > 0);
  assert.throws(() => parsePbsJson('{"a": 005, "b": [}', 'test'), ParseError);
  assert.throws(() => parsePbsJson('no json here', 'test'), (error) => error instanceof ParseError && error.line === 1);
});
