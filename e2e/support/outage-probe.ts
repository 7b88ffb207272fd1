import type { Api } from './api.js';

export interface ProbeAnswer {
  what: string;
  gateway: string;
  status: number | 'network';
  startedAt: number;
  ms: number;
  retryAfter: string | null;
  // biome-ignore lint/suspicious/noExplicitAny: the body as answered
  body: any;
}

/** Calls each request on every gateway, once a second, until `stop()` says so. */
export async function probeWhile(
  api: Api,
  requests: ReadonlyArray<{ what: string; method: string; path: string; body?: unknown }>,
  stop: () => boolean,
): Promise<ProbeAnswer[]> {
  const answers: ProbeAnswer[] = [];
  while (!stop()) {
    const round = Date.now();
    for (const request of requests) {
      for (const via of api.gateways.keys()) {
        const started = Date.now();
        try {
          const response = await api.call(request.method, request.path, {
            body: request.body,
            via,
            timeoutMs: 20_000,
          });
          answers.push({
            what: request.what,
            gateway: response.gateway,
            status: response.status,
            startedAt: started,
            ms: response.ms,
            retryAfter: response.headers.get('retry-after'),
            body: response.json,
          });
        } catch (error) {
          answers.push({
            what: request.what,
            gateway: api.gateway(via),
            status: 'network',
            startedAt: started,
            ms: Date.now() - started,
            retryAfter: null,
            body: (error as Error).message,
          });
        }
      }
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 1_000 - (Date.now() - round))));
  }
  return answers;
}
