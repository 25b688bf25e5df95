import { WebstatStatus } from './status.ts';

export { WebstatStatus };

if (!customElements.get('webstat-status')) customElements.define('webstat-status', WebstatStatus);

declare global {
  interface HTMLElementTagNameMap {
    'webstat-status': WebstatStatus;
  }
}
