import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { LIVE_UNAVAILABLE, type LiveFeed, type LiveRequest, MAX_BUFFERED_BYTES } from './live-feed.js';
import { gapJson } from './live-subscription.js';

const SSE_HEARTBEAT_MS = 15_000;

/**
 * Streams live events as Server-Sent Events on a response the route has hijacked. The headers go
 * out with the first write, so a subscription that fails (Redis away) can still answer 503; a
 * comment every 15 s keeps proxies from timing the stream out.
 */
export async function streamSse(
  feed: LiveFeed,
  res: ServerResponse,
  headers: OutgoingHttpHeaders,
  request: LiveRequest,
): Promise<void> {
  let closed = false;
  let unsubscribe: (() => void) | undefined;
  const head = () => {
    if (res.headersSent) return;
    res.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 2000\n\n');
  };
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    unsubscribe?.();
    forget();
    forgetRevocation();
    res.end();
  };
  const write = (text: string) => {
    if (closed) return;
    head();
    res.write(text);
    if (res.writableLength > MAX_BUFFERED_BYTES) close();
  };
  const heartbeat = setInterval(() => write(': keep-alive\n\n'), SSE_HEARTBEAT_MS);
  const forget = feed.track(close);
  const forgetRevocation = request.onRevoked(close);
  // The response (not the request, which ends at once for a GET) closes when the client goes.
  res.on('close', close);

  try {
    unsubscribe = await feed.subscribe(request, {
      event: (entry) => write(`id: ${entry.streamId}\ndata: ${entry.json}\n\n`),
      gap: (gap) => write(`event: gap\ndata: ${gapJson(gap)}\n\n`),
    });
  } catch (error) {
    request.logger.warn({ err: error }, 'live events unavailable');
    if (!res.headersSent) {
      res.writeHead(503, { 'content-type': 'application/json; charset=utf-8', 'retry-after': '5' });
      res.end(JSON.stringify({ ok: false, error: LIVE_UNAVAILABLE }));
    }
    close();
    return;
  }
  if (closed) unsubscribe();
  // The comment tells a client (and the tests) that it is attached to the live feed.
  else write(': ready\n\n');
}
