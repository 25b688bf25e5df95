import '../pie/define.ts';
import '../status/define.ts';
import { WebstatClusterRow } from './cluster-row.ts';

export { WebstatClusterRow };

if (!customElements.get('webstat-cluster-row')) customElements.define('webstat-cluster-row', WebstatClusterRow);

declare global {
  interface HTMLElementTagNameMap {
    'webstat-cluster-row': WebstatClusterRow;
  }
}
