/**
 * embed.html: the embedding guide. Its snippets are written with this site's own addresses, so
 * they can be copied as they are; the live example shows the gateway's first cluster (or
 * `?cluster=`).
 */
import '../../widgets/cluster-row/define.ts';
import type { ConnectionStatus } from '../../worker/api.ts';
import { workerApi, workerCallback } from '../../widgets/data/worker-api.ts';
import { gatewayAddress, tokenOf } from '../gateway-address.ts';
import { WIDGETS_MODULE } from '../widgets-module.ts';

const address = new URL(location.href);
const gateway = gatewayAddress(address);
const siteBase = new URL('.', address);
const gatewayBase = address.searchParams.has('gateway') ? gateway : siteBase.href;
const example = document.querySelector('webstat-cluster-row')!;
const select = document.querySelector<HTMLSelectElement>('#example-cluster')!;

function showSnippets(cluster: string): void {
  const module = new URL(WIDGETS_MODULE, siteBase).href;
  document.querySelector('#snippet-element')!.textContent =
    `<script type="module" src="${module}"></script>\n` +
    `<webstat-cluster-row gateway="${gatewayBase}" cluster="${cluster}" range="24h"></webstat-cluster-row>`;
  const row = new URL('row.html', siteBase);
  row.searchParams.set('cluster', cluster);
  if (address.searchParams.has('gateway')) row.searchParams.set('gateway', gateway);
  document.querySelector('#snippet-iframe')!.textContent =
    `<iframe src="${row.href}" title="Cluster usage: ${cluster}" width="100%" height="440" loading="lazy"></iframe>`;
  showPolicy(new URL(module).origin, new URL(gatewayBase).origin);
}

/**
 * The sources a wiki's Content-Security-Policy needs (embed.html#csp): the module's origin for the
 * scripts, the worker and the wasm; the gateway's for the WebSocket (the same host, unless the
 * guide was opened with `?gateway=`).
 */
function showPolicy(moduleOrigin: string, gatewayOrigin: string): void {
  // `?gateway=` may be given as a ws: or wss: address.
  const gatewayHttp = gatewayOrigin.replace(/^ws/, 'http');
  const fetched = [...new Set([moduleOrigin, gatewayHttp])];
  document.querySelector('#snippet-csp')!.textContent = [
    `script-src ${moduleOrigin} 'wasm-unsafe-eval'`,
    `worker-src blob: ${moduleOrigin}`,
    `connect-src ${fetched.join(' ')} ${gatewayHttp.replace(/^http/, 'ws')}`,
    "style-src 'unsafe-inline'",
  ].join(';\n');
}

function show(cluster: string): void {
  example.cluster = cluster;
  showSnippets(cluster);
}

example.gateway = gateway;
example.token = tokenOf(address);
showSnippets(address.searchParams.get('cluster') ?? 'CLUSTER');

// The gateway's welcome lists the clusters; it may come after `connect` answers, so watch for it.
let filled = false;
function fill(names: string[]): void {
  if (filled || names.length === 0) return;
  filled = true;
  for (const name of names) select.add(new Option(name, name));
  const first = address.searchParams.get('cluster') ?? names[0]!;
  select.value = first;
  show(first);
}
const api = workerApi();
void api
  .connect(gateway, tokenOf(address))
  .then((status) => {
    fill(status.clusters.map((cluster) => cluster.name));
    return api.watchConnection(
      gateway,
      workerCallback((next: ConnectionStatus) => fill(next.clusters.map((cluster) => cluster.name))),
    );
  })
  .catch(() => {});
select.addEventListener('change', () => show(select.value));
