/// <reference types="mocha" />
import { expect } from '@open-wc/testing';
import { statusText, type StatusInput } from './status-text.ts';

const NOW = 1_795_000_000;
const base: StatusInput = {
  health: 'ok',
  message: null,
  lastOkAt: NOW - 20,
  time: NOW - 20,
  connection: 'live',
  connectionSince: NOW - 3_600,
  now: NOW,
};

describe('statusText', () => {
  it('calls fresh data live and says how old it is', () => {
    expect(statusText(base)).to.deep.equal({ tone: 'ok', icon: 'check', title: 'Live', detail: 'updated 20 s ago' });
  });

  it('says why data is stale and how old the last good data is', () => {
    const text = statusText({ ...base, health: 'stale', message: 'collection overdue', lastOkAt: NOW - 14 * 60 });
    expect(text).to.deep.equal({ tone: 'stale', icon: 'clock', title: 'Stale', detail: 'collection overdue · last data 14 min ago' });
  });

  it('gives the message and since when for an unreachable agent and a failing scheduler', () => {
    const unreachable = statusText({ ...base, health: 'unreachable', message: 'ssh: connection refused', lastOkAt: NOW - 3 * 3_600 - 120 });
    expect(unreachable.tone).to.equal('error');
    expect(unreachable.icon).to.equal('cross');
    expect(unreachable.title).to.equal('Unreachable');
    expect(unreachable.detail).to.match(/^ssh: connection refused · since .+ \(3 h 2 min\)$/);
    const failing = statusText({ ...base, health: 'scheduler-error', message: 'qstat timed out after 30 s', lastOkAt: NOW - 600 });
    expect([failing.tone, failing.icon, failing.title]).to.deep.equal(['error', 'warning', 'Scheduler error']);
    expect(failing.detail).to.match(/^qstat timed out after 30 s · since .+ \(10 min\)$/);
  });

  it('puts a lost gateway before the cluster’s own health, and says what is shown', () => {
    const text = statusText({ ...base, connection: 'reconnecting', connectionSince: NOW - 90 });
    expect([text.tone, text.icon, text.title]).to.deep.equal(['error', 'unplugged', 'Gateway unreachable']);
    expect(text.detail).to.match(/^reconnecting · showing data from .+ · since .+ \(1 min 30 s\)$/);
  });

  it('says why the gateway cannot be reached while reconnecting, not once the browser is offline', () => {
    const reconnecting = statusText({ ...base, connection: 'reconnecting', connectionSince: NOW - 90, connectionError: 'gateway-unreachable' });
    expect(reconnecting.title).to.equal('Gateway unreachable');
    expect(reconnecting.detail).to.match(/^reconnecting · gateway-unreachable · showing data from /);
    const offline = statusText({ ...base, connection: 'offline', connectionSince: NOW - 90, connectionError: 'gateway-unreachable' });
    expect(offline.detail).to.match(/^offline · showing data from /);
  });

  it('waits quietly before the first data', () => {
    expect(statusText({ ...base, health: null, time: null, connection: 'connecting' }).title).to.equal('Connecting');
    expect(statusText({ ...base, health: null, time: null }).title).to.equal('Waiting for data');
  });

  it('gives every tone its own icon, so colour is never the only sign', () => {
    const icons = new Set(
      (['ok', 'stale', 'unreachable', 'scheduler-error'] as const).map((health) => statusText({ ...base, health }).icon),
    );
    expect(icons.size).to.equal(4);
  });
});
