import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clockFor, isValidTimeZone, parseClockTime, parseEpoch } from './clock-time.ts';

test('ctime strings with a space-padded day, in UTC', () => {
  const utc = clockFor('UTC');
  assert.equal(parseClockTime('Tue Apr  9 15:01:47 2013', utc), Date.UTC(2013, 3, 9, 15, 1, 47) / 1000);
  assert.equal(parseClockTime('Sat Sep 14 08:37:45 2024', utc), Date.UTC(2024, 8, 14, 8, 37, 45) / 1000);
});

test('local times follow the zone, across daylight saving time', () => {
  const zurich = clockFor('Europe/Zurich');
  // Winter: UTC+1; summer: UTC+2.
  assert.equal(parseClockTime('Mon Jan 15 12:00:00 2024', zurich), Date.UTC(2024, 0, 15, 11, 0, 0) / 1000);
  assert.equal(parseClockTime('Mon Jul 15 12:00:00 2024', zurich), Date.UTC(2024, 6, 15, 10, 0, 0) / 1000);
  const sydney = clockFor('Australia/Sydney');
  assert.equal(parseClockTime('Wed Jun 17 04:56:36 2026', sydney), Date.UTC(2026, 5, 16, 18, 56, 36) / 1000);
});

test('Moab times without a year take the year closest to the collection', () => {
  const utc = clockFor('UTC');
  const now = Date.UTC(2010, 5, 14, 0, 0, 0) / 1000;
  assert.equal(parseClockTime('Sat Jun 12 15:57:19', utc, now), Date.UTC(2010, 5, 12, 15, 57, 19) / 1000);
  const newYear = Date.UTC(2011, 0, 2) / 1000;
  assert.equal(parseClockTime('Fri Dec 31 23:00:00', utc, newYear), Date.UTC(2010, 11, 31, 23) / 1000);
});

test('not a time is null', () => {
  const utc = clockFor('UTC');
  for (const text of ['', 'yesterday', 'Tue Foo  9 15:01:47 2013', 'Tue Apr 40 15:01:47 2013', 'Tue Apr  9 25:01:47 2013', '1522255162']) {
    assert.equal(parseClockTime(text, utc), null, text);
  }
  assert.equal(parseEpoch('1522255162'), 1522255162);
  assert.equal(parseEpoch('Tue Apr  9 15:01:47 2013'), null);
  assert.equal(isValidTimeZone('Europe/Zurich'), true);
  assert.equal(isValidTimeZone('Mars/Olympus'), false);
});
