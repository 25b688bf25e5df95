/**
 * Widgets name a gateway as a page would (`https://stats.example.org`, or `wss://…/ws`); the
 * worker keys connections and history by the WebSocket URL, so both spellings share one socket.
 */
export function gatewaySocketUrl(gateway: string, base?: string): string {
  const url = new URL(gateway, base);
  if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol === 'https:') url.protocol = 'wss:';
  if (url.pathname === '' || url.pathname === '/') url.pathname = '/ws';
  url.hash = '';
  return url.href;
}
