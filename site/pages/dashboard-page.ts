/** index.html: every cluster of the gateway, with range and metric controls and a light/dark switch. */
import '../../widgets/dashboard/define.ts';
import { markFirstPaint } from '../first-paint.ts';
import { gatewayAddress, tokenOf } from '../gateway-address.ts';
import { pageOptions, withOption } from '../page-options.ts';
import { applyPageTheme, initialTheme, rememberTheme } from '../theme-choice.ts';
import { DEFAULT_METRIC, DEFAULT_RANGE } from '../../widgets/data/ranges.ts';

const address = new URL(location.href);
const options = pageOptions(address);
const dashboard = document.querySelector('webstat-dashboard')!;
const themeButton = document.querySelector<HTMLButtonElement>('#theme-switch')!;
const gatewayName = document.querySelector<HTMLElement>('#gateway-name')!;

const gateway = gatewayAddress(address);
gatewayName.textContent = new URL(gateway).host;

markFirstPaint(dashboard);
dashboard.gateway = gateway;
dashboard.token = tokenOf(address);
dashboard.range = options.range;
dashboard.metric = options.metric;
dashboard.clusters = options.clusters;
dashboard.top = options.top;
dashboard.highlightUser = options.highlight;

let theme = initialTheme(options.theme);
function showTheme(): void {
  applyPageTheme(theme);
  dashboard.theme = theme;
  themeButton.setAttribute('aria-pressed', String(theme === 'dark'));
}
showTheme();
themeButton.addEventListener('click', () => {
  theme = theme === 'dark' ? 'light' : 'dark';
  rememberTheme(theme);
  showTheme();
});

// The chosen range and metric go into the address, so a view can be bookmarked and shared.
dashboard.addEventListener('webstat-controls', (event) => {
  let next = new URL(location.href);
  next = withOption(next, 'range', event.detail.range, DEFAULT_RANGE);
  next = withOption(next, 'metric', event.detail.metric, DEFAULT_METRIC);
  history.replaceState(null, '', next);
});
