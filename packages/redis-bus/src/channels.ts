/** Redis stream that live SSE/WebSocket clients read from, trimmed to a bounded window. */
export const EVENTS_STREAM = 'wc:events';
export const EVENTS_STREAM_MAXLEN = 10_000;

/** One Redis pub/sub channel for every gateway; each keeps a map of the job ids it waits on. */
export const RESULTS_CHANNEL = 'wc:job-results';
