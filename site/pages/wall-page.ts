/**
 * wall.html: every cluster, dark, full screen, rows sized to the screen (8 per page, pages turning
 * every 30 s when there are more), nothing to click. Options from the address: `clusters`, `range`,
 * `metric`, `top`, `page-size`, `rotate` (seconds), `gateway`, `token`.
 */
import '../../widgets/dashboard/define.ts';
import { workerApi } from '../../widgets/data/worker-api.ts';
import { RANGE_SPECS, metricTitle } from '../../widgets/data/ranges.ts';
import { markFirstPaint } from '../first-paint.ts';
import { gatewayAddress, tokenOf } from '../gateway-address.ts';
import { pageOptions } from '../page-options.ts';
import { startWallClock } from '../wall/wall-clock.ts';
import { startWatchdog } from '../wall/watchdog.ts';

const address = new URL(location.href);
const options = pageOptions(address);
const dashboard = document.querySelector('webstat-dashboard')!;
const gateway = gatewayAddress(address);
const token = tokenOf(address);
const number = (name: string, fallback: number, max: number) => {
  const value = Number.parseInt(address.searchParams.get(name) ?? '', 10);
  return Number.isFinite(value) && value > 0 && value <= max ? value : fallback;
};

markFirstPaint(dashboard);
dashboard.gateway = gateway;
dashboard.token = token;
dashboard.level = 'summary';
dashboard.range = options.range;
dashboard.metric = options.metric;
dashboard.clusters = options.clusters;
dashboard.top = number('top', 6, 30);
dashboard.pageSize = number('page-size', 8, 24);
dashboard.rotate = number('rotate', 30, 3600);

document.querySelector('#wall-range')!.textContent = `${metricTitle(options.metric)} · ${RANGE_SPECS[options.range].label}`;
startWallClock(document.querySelector<HTMLTimeElement>('#wall-clock')!);

startWatchdog({
  gateway,
  token,
  api: workerApi,
  site: location.href,
  reload: (verdict) => {
    console.warn(`webstat wall: reloading (${verdict.reload ? verdict.reason : ''})`);
    location.reload();
  },
});

// Keep the screen on where the browser allows it (kiosk browsers usually do it themselves).
const wakeLock = (navigator as Navigator & { wakeLock?: { request(type: 'screen'): Promise<unknown> } }).wakeLock;
const keepAwake = () => void wakeLock?.request('screen').catch(() => {});
keepAwake();
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') keepAwake();
});
