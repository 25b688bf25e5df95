/** The file name of the one embeddable module (site/vite.config.ts emits it under this name). */
export const WIDGETS_MODULE = 'webstat-widgets.js';
