import type { Api } from './api.js';
import { ApiError, KEY_REFUSED } from './api-error.js';
import { createSseParser } from './sse-parser.js';
import type { LiveEvent } from './types.js';

export type StreamState = 'connecting' | 'live' | 'retrying' | 'refused' | 'unavailable';

/**
 * Tails `GET /events` with fetch and a stream reader (headers work, unlike EventSource) and
 * reconnects with `Last-Event-ID`, so nothing is missed across a short outage. The page never
 * polls: account status, QR rotations and new messages all arrive here.
 */
export function openLiveEvents(
  api: Api,
  onEvent: (event: LiveEvent) => void,
  onState: (state: StreamState, detail?: string) => void,
  /** The stream could not resume from our last id (too old): what is on screen may be stale. */
  onGap: () => void = () => {},
): () => void {
  const controller = new AbortController();
  let lastId: string | undefined;
  let delay = 500;

  async function once(): Promise<void> {
    onState('connecting');
    const response = await api.fetch('/events', {
      method: 'GET',
      headers: { Accept: 'text/event-stream', ...(lastId ? { 'Last-Event-ID': lastId } : {}) },
      signal: controller.signal,
    });
    if (response.status === 401) throw new ApiError(KEY_REFUSED, 401);
    if (response.status === 404) throw new ApiError('This gateway has no live event stream (/events)', 404);
    if (!response.ok || !response.body)
      throw new ApiError(`Live events answered HTTP ${response.status}`, response.status);
    onState('live');
    delay = 500;
    const parser = createSseParser((message) => {
      lastId = message.id ?? lastId;
      if (message.event === 'gap') return onGap();
      const event = parseEvent(message.data, message.event);
      if (event) onEvent(event);
    });
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      parser.push(value);
    }
  }

  void (async () => {
    while (!controller.signal.aborted) {
      try {
        await once();
      } catch (error) {
        if (controller.signal.aborted) return;
        if (error instanceof ApiError && error.status === 401) return onState('refused', error.message);
        if (error instanceof ApiError && error.status === 404) return onState('unavailable', error.message);
        // Anything else (network, 503, a dropped stream) is retried below and shown as 'retrying'.
      }
      if (controller.signal.aborted) return;
      onState('retrying');
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 10_000);
    }
  })();

  return () => controller.abort();
}

/** The stream's data is the event JSON; accept it bare or wrapped as `{ event }`. */
function parseEvent(data: string, sseType: string): LiveEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    // Not JSON, so not an event: skipped, the stream goes on.
    return undefined;
  }
  if (!value || typeof value !== 'object') return undefined;
  const record = (('event' in value && typeof value.event === 'object' ? value.event : value) ??
    {}) as Record<string, unknown>;
  if (typeof record.accountId !== 'string') return undefined;
  return {
    id: String(record.id ?? ''),
    type: typeof record.type === 'string' ? record.type : sseType,
    accountId: record.accountId,
    timestamp: typeof record.timestamp === 'number' ? record.timestamp : Date.now(),
    data: (record.data && typeof record.data === 'object' ? record.data : {}) as Record<string, unknown>,
  };
}
