/**
 * Takes a browser context off the network and back, everywhere the dashboard uses it.
 *
 * Playwright's `context.setOffline(true)` makes the pages offline (`navigator.onLine`, the
 * `offline` event, failing requests) but, as its maintainers document, reaches neither open
 * WebSockets nor shared workers, and the dashboard's one WebSocket lives in a SharedWorker. So the
 * pages are reached through a TCP relay (gateway/testing/freezable-proxy.ts) that is cut for the
 * time (the socket drops, reconnections are refused, as when the network goes), and the shared
 * worker gets the `offline` and `online` events a browser fires in every context, through the
 * DevTools protocol.
 */
import type { Browser, BrowserContext, CDPSession } from 'playwright-core';
import { FreezableProxy } from '../../gateway/testing/freezable-proxy.ts';

export class BrowserOffline {
  private constructor(
    readonly relay: FreezableProxy,
    private readonly browser: Browser,
  ) {}

  /** A relay to the gateway's `port`; pages opened at `url` go through it. */
  static async start(browser: Browser, gatewayPort: number): Promise<BrowserOffline> {
    return new BrowserOffline(await FreezableProxy.start(gatewayPort), browser);
  }

  /** The site, through the relay. */
  get url(): string {
    return `http://127.0.0.1:${this.relay.port}/`;
  }

  async offline(context: BrowserContext): Promise<void> {
    await context.setOffline(true);
    this.relay.cut();
    await this.tellSharedWorkers('offline');
  }

  async online(context: BrowserContext): Promise<void> {
    this.relay.restore();
    await context.setOffline(false);
    await this.tellSharedWorkers('online');
  }

  async close(): Promise<void> {
    await this.relay.close();
  }

  /** Fires `event` in the shared workers of the relay's origin, as the browser does on a change of network. */
  private async tellSharedWorkers(event: 'offline' | 'online'): Promise<void> {
    const session: CDPSession = await this.browser.newBrowserCDPSession();
    try {
      const { targetInfos } = await session.send('Target.getTargets');
      const workers = targetInfos.filter((target) => target.type === 'shared_worker' && target.url.startsWith(this.url));
      if (workers.length === 0) throw new Error(`no shared worker of ${this.url} to tell that the browser went ${event}`);
      for (const worker of workers) {
        const { sessionId } = await session.send('Target.attachToTarget', { targetId: worker.targetId, flatten: false });
        const replied = new Promise<void>((resolve, reject) => {
          session.on('Target.receivedMessageFromTarget', (message) => {
            if (message.sessionId !== sessionId) return;
            const reply = JSON.parse(message.message) as { id?: number; error?: { message: string } };
            if (reply.id !== 1) return;
            if (reply.error) reject(new Error(reply.error.message));
            else resolve();
          });
        });
        const expression = `self.dispatchEvent(new Event(${JSON.stringify(event)}))`;
        await session.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: 1, method: 'Runtime.evaluate', params: { expression } }) });
        await replied;
        await session.send('Target.detachFromTarget', { sessionId });
      }
    } finally {
      await session.detach();
    }
  }
}
