/**
 * Which gateway a page talks to: `?gateway=` when given (a page on one host showing another's
 * clusters), else the gateway that served the page: the `ws` endpoint beside the page, which is
 * `/ws` at the root and `/webstat/ws` behind a proxy that mounts the site at `/webstat/`.
 */
export function gatewayAddress(page: URL): string {
  const given = page.searchParams.get('gateway');
  if (given) return new URL(given, page).href;
  return new URL('ws', page).href;
}

/** The token from `?token=`, or null for the anonymous scope. */
export function tokenOf(page: URL): string | null {
  return page.searchParams.get('token') || null;
}
