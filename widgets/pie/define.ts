import { WebstatPie } from './pie.ts';

export { WebstatPie };

if (!customElements.get('webstat-pie')) customElements.define('webstat-pie', WebstatPie);

declare global {
  interface HTMLElementTagNameMap {
    'webstat-pie': WebstatPie;
  }
}
