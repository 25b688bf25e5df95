/** Puts made-up clusters behind the elements in place of the worker (preview pages only). */
import { setWorkerApiProvider } from '../../widgets/data/worker-api.ts';
import { FakeWorkerApi } from '../../widgets/test-support/fake-worker-api.ts';
import { previewSeries, previewViews } from './preview-data.ts';

const views = previewViews();
const count = Number(new URL(location.href).searchParams.get('count') ?? views.length);
const api = new FakeWorkerApi(views.slice(0, count));
api.seriesAnswer = (query) => previewSeries(views, query);
setWorkerApiProvider(() => api);

// For looking at update costs by hand from the console: __webstatPreview.push({cluster, seq, time, ...}).
(globalThis as unknown as { __webstatPreview: FakeWorkerApi }).__webstatPreview = api;
