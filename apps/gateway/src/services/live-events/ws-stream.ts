import type { WebSocket } from 'ws';
import type { LiveEntry } from './live-entry.js';
import { LIVE_UNAVAILABLE, type LiveFeed, type LiveRequest, MAX_BUFFERED_BYTES } from './live-feed.js';
import { gapJson } from './live-subscription.js';

const WS_PING_MS = 30_000;
/** WebSocket close code of a stream whose key was revoked (or whose account was deleted). */
const WS_REVOKED = 4401;

const wsEvent = (entry: LiveEntry) => `{"kind":"event","streamId":"${entry.streamId}","event":${entry.json}}`;

/**
 * Feeds live events to a WebSocket as JSON frames (`ready`, then `event` and `gap`); a ping every
 * 30 s keeps it open through proxies, and a client too far behind is told to reconnect.
 */
export function streamWebSocket(feed: LiveFeed, socket: WebSocket, request: LiveRequest): void {
  let closed = false;
  let unsubscribe: (() => void) | undefined;
  const send = (text: string) => {
    if (closed || socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      socket.close(1013, 'client too slow; reconnect with lastEventId');
      return;
    }
    socket.send(text);
  };
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(ping);
    unsubscribe?.();
    forget();
    forgetRevocation();
    if (socket.readyState === socket.OPEN) socket.close(1001, 'server shutting down');
  };
  const ping = setInterval(() => socket.ping(), WS_PING_MS);
  const forget = feed.track(close);
  const forgetRevocation = request.onRevoked(() => {
    if (socket.readyState === socket.OPEN) socket.close(WS_REVOKED, 'API key revoked');
    close();
  });
  socket.on('close', close);
  socket.on('error', close);

  feed
    .subscribe(request, {
      event: (entry) => send(wsEvent(entry)),
      gap: (gap) => send(`{"kind":"gap",${gapJson(gap).slice(1)}`),
    })
    .then(
      (stop) => {
        if (closed) stop();
        else {
          unsubscribe = stop;
          send('{"kind":"ready"}');
        }
      },
      (error: unknown) => {
        request.logger.warn({ err: error }, 'live events unavailable');
        if (socket.readyState === socket.OPEN) socket.close(1011, LIVE_UNAVAILABLE);
        close();
      },
    );
}
