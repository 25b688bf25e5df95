/**
 * "Now", for texts like "updated 12 s ago". One interval per page serves every element (a wall
 * display holds dozens); it runs only while some element is connected, and ticks every 5 s,
 * which is as fine as an age printed in seconds needs.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

const TICK_MS = 5_000;
const hosts = new Set<ReactiveControllerHost>();
let timer: ReturnType<typeof setInterval> | null = null;

function tick(): void {
  for (const host of hosts) host.requestUpdate();
}

export class ClockController implements ReactiveController {
  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** Epoch seconds. */
  get now(): number {
    return Math.floor(Date.now() / 1000);
  }

  hostConnected(): void {
    hosts.add(this.host);
    timer ??= setInterval(tick, TICK_MS);
  }

  hostDisconnected(): void {
    hosts.delete(this.host);
    if (hosts.size === 0 && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  }
}
