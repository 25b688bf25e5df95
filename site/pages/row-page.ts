/**
 * row.html: one cluster's row alone, for an iframe in a wiki that allows no scripts:
 * `row.html?cluster=hopper&range=7d&metric=gpus&theme=dark&top=5&queues=1`.
 */
import '../../widgets/cluster-row/define.ts';
import { gatewayAddress, tokenOf } from '../gateway-address.ts';
import { pageOptions } from '../page-options.ts';

const address = new URL(location.href);
const options = pageOptions(address);
const row = document.querySelector('webstat-cluster-row')!;

row.gateway = gatewayAddress(address);
row.token = tokenOf(address);
row.cluster = address.searchParams.get('cluster') ?? '';
row.range = options.range;
row.metric = options.metric;
row.top = options.top;
row.theme = options.theme ?? 'light';
row.highlightUser = options.highlight;
row.queues = address.searchParams.has('queues');
const level = address.searchParams.get('level');
if (level === 'summary' || level === 'users' || level === 'jobs') row.level = level;
