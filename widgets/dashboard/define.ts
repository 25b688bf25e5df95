import '../cluster-row/define.ts';
import { WebstatDashboard } from './dashboard.ts';

export { WebstatDashboard };

if (!customElements.get('webstat-dashboard')) customElements.define('webstat-dashboard', WebstatDashboard);

declare global {
  interface HTMLElementTagNameMap {
    'webstat-dashboard': WebstatDashboard;
  }
}
