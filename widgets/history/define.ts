import { WebstatHistory } from './history.ts';

export { WebstatHistory };

if (!customElements.get('webstat-history')) customElements.define('webstat-history', WebstatHistory);

declare global {
  interface HTMLElementTagNameMap {
    'webstat-history': WebstatHistory;
  }
}
