import type { FastifyInstance } from 'fastify';
import type { FuzzRequest } from './request-arbitrary.js';

export interface FuzzResponse {
  status: number;
  contentType: string;
  body: string;
}

/**
 * One request through `inject`, failing when no answer comes within `timeoutMs` (a hang). An
 * answer that is an event stream is accepted and dropped at once: it never ends by itself.
 */
export async function injectOnce(
  app: FastifyInstance,
  request: FuzzRequest,
  timeoutMs: number,
): Promise<FuzzResponse> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms (hang)`)), timeoutMs);
  });
  const answer = (async () => {
    const response = await app.inject({
      method: request.method as 'GET',
      url: request.url,
      headers: request.headers,
      ...(request.payload === undefined ? {} : { payload: request.payload }),
      payloadAsStream: true,
    });
    const contentType = String(response.headers['content-type'] ?? '');
    const stream = response.stream();
    if (contentType.startsWith('text/event-stream')) {
      stream.destroy();
      return { status: response.statusCode, contentType, body: '' };
    }
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(Buffer.from(chunk));
    return { status: response.statusCode, contentType, body: Buffer.concat(chunks).toString('utf8') };
  })();
  try {
    return await Promise.race([answer, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
