// The blob: wrapper that starts the worker when the widgets module came from another origin. The
// test page cannot be on two origins at once, so the constructors are asked for as if the module
// were elsewhere; the worker they start is the real one (shared-worker.ts) through the wrapper,
// and it answers over comlink. e2e/embed-cross-origin.test.ts runs the real two-origin case.
import { expect } from '@open-wc/testing';
import * as Comlink from 'comlink';
import { isCrossOrigin, sameOriginWrapper, workerConstructors } from './cross-origin-worker.ts';
import type { PortApi } from './port-api.ts';

const ELSEWHERE = 'https://gateway.example/assets/define-abc123.js';
const WORKER_SCRIPT = new URL('./shared-worker.ts', import.meta.url);

describe('cross-origin worker start', function () {
  this.timeout(60_000);
  const names: string[] = [];

  after(() => {
    for (const name of names) indexedDB.deleteDatabase(name);
  });

  it('tells a module of another origin from one of the page’s own', () => {
    expect(isCrossOrigin(ELSEWHERE, 'https://wiki.example')).to.equal(true);
    expect(isCrossOrigin('https://wiki.example:8443/w.js', 'https://wiki.example')).to.equal(true);
    expect(isCrossOrigin('https://wiki.example/static/w.js', 'https://wiki.example')).to.equal(false);
    expect(isCrossOrigin(import.meta.url, location.origin)).to.equal(false);
  });

  it('gives the browser’s own constructors when the module is the page’s', () => {
    const constructors = workerConstructors(import.meta.url, location.origin);
    expect(constructors.SharedWorker).to.equal(SharedWorker);
    expect(constructors.Worker).to.equal(Worker);
  });

  it('wraps a script in a same-origin blob: module that imports it by absolute URL, once per script', async () => {
    const wrapper = sameOriginWrapper(WORKER_SCRIPT);
    expect(wrapper.startsWith('blob:')).to.equal(true);
    expect(new URL(wrapper).origin).to.equal(location.origin);
    expect(sameOriginWrapper(String(WORKER_SCRIPT))).to.equal(wrapper);
    expect(await (await fetch(wrapper)).text()).to.equal(`import ${JSON.stringify(WORKER_SCRIPT.href)};\n`);
  });

  it('starts the real shared worker through the wrapper, and it answers', async () => {
    const { SharedWorker: Wrapped } = workerConstructors(ELSEWHERE, location.origin);
    expect(Wrapped).to.not.equal(SharedWorker);
    const name = `test-${crypto.randomUUID()}`;
    names.push(name);
    const worker = new Wrapped!(WORKER_SCRIPT, { type: 'module', name });
    worker.port.start();
    const remote = Comlink.wrap<PortApi>(worker.port);
    try {
      const diagnostics = await remote.diagnostics();
      expect(diagnostics.ports).to.equal(1);
      expect(diagnostics.instance).to.be.a('string').and.not.equal('');
    } finally {
      await remote.goodbye();
      remote[Comlink.releaseProxy]();
      worker.port.close();
    }
  });

  it('starts the real worker as a dedicated one through the wrapper, and it answers', async () => {
    const { Worker: Wrapped } = workerConstructors(ELSEWHERE, location.origin);
    expect(Wrapped).to.not.equal(Worker);
    const name = `test-${crypto.randomUUID()}`;
    names.push(name);
    const worker = new Wrapped(WORKER_SCRIPT, { type: 'module', name });
    const remote = Comlink.wrap<PortApi>(worker);
    try {
      expect((await remote.diagnostics()).ports).to.equal(1);
    } finally {
      remote[Comlink.releaseProxy]();
      worker.terminate();
    }
  });

  it('reports a script that does not load as an error event on the worker', async () => {
    const { SharedWorker: Wrapped } = workerConstructors(ELSEWHERE, location.origin);
    const missing = new URL('./no-such-worker-script.js', import.meta.url);
    const worker = new Wrapped!(missing, { type: 'module', name: `test-${crypto.randomUUID()}` });
    const event = await new Promise<Event | null>((resolve) => {
      worker.addEventListener('error', resolve, { once: true });
      setTimeout(() => resolve(null), 20_000);
    });
    expect(event, 'an error event').to.not.equal(null);
    worker.port.close();
  });
});
