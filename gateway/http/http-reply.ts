/**
 * An HTTP reply as data, and the one place that writes it through uWebSockets.js, so every
 * response gets the same safety headers and a correct status line.
 */
import type { HttpResponse } from 'uWebSockets.js';

export interface HttpReply {
  status: number;
  headers: Array<[string, string]>;
  body: Uint8Array | string;
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  301: 'Moved Permanently',
  304: 'Not Modified',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const ALWAYS: Array<[string, string]> = [
  ['X-Content-Type-Options', 'nosniff'],
  ['Referrer-Policy', 'no-referrer'],
];

export function jsonReply(status: number, value: unknown, headers: Array<[string, string]> = []): HttpReply {
  return {
    status,
    headers: [['Content-Type', 'application/json; charset=utf-8'], ['Cache-Control', 'no-store'], ...headers],
    body: `${JSON.stringify(value)}\n`,
  };
}

export function errorReply(status: number, code: string, message: string, headers: Array<[string, string]> = []): HttpReply {
  return jsonReply(status, { code, message }, headers);
}

/** Writes a reply; call inside `res.cork` when not in the handler's synchronous part. `head`:
 * headers and length only. */
export function writeReply(res: HttpResponse, reply: HttpReply, head = false): void {
  res.writeStatus(`${reply.status} ${STATUS_TEXT[reply.status] ?? 'Unknown'}`);
  for (const [name, value] of ALWAYS) res.writeHeader(name, value);
  for (const [name, value] of reply.headers) res.writeHeader(name, value);
  // endWithoutBody(length) of uWS 20.30 leaves the response open (the keep-alive connection then
  // hangs), so HEAD states its length as a header and ends without arguments.
  if (reply.status === 304) {
    res.endWithoutBody();
  } else if (head) {
    res.writeHeader('Content-Length', String(typeof reply.body === 'string' ? Buffer.byteLength(reply.body) : reply.body.length));
    res.endWithoutBody();
  } else {
    res.end(reply.body);
  }
}
