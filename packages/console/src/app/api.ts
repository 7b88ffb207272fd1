import { ApiError, GATEWAY_DOWN, KEY_REFUSED } from './api-error.js';

type Json = Record<string, unknown>;

/**
 * Every call of the page goes through here: same origin, the key in `X-API-Key` (never in the
 * URL), and the gateway's `{ ok: false, error }` turned into an ApiError with a sentence a
 * person can act on.
 */
export class Api {
  constructor(
    private readonly key: string,
    /** Called on 401 so the page can ask for a key again. */
    private readonly onRefused: () => void = () => {},
  ) {}

  get headers(): Record<string, string> {
    return { 'X-API-Key': this.key };
  }

  async request<T = Json>(method: string, path: string, body?: Json | FormData): Promise<T> {
    const response = await this.fetch(path, { method, body });
    const payload = await readJson(response);
    this.check(response, payload);
    return payload as T;
  }

  /** A binary answer (the QR PNG) as a blob. */
  async blob(path: string): Promise<Blob> {
    const response = await this.fetch(path, { method: 'GET' });
    if (!response.ok) this.check(response, await readJson(response));
    return response.blob();
  }

  /** Throws the ApiError a failed answer stands for; a refused key also tells the page. */
  private check(response: Response, payload: Json): void {
    if (response.status === 401) {
      this.onRefused();
      throw new ApiError(KEY_REFUSED, 401);
    }
    if (!response.ok || payload.ok === false) {
      const message = typeof payload.error === 'string' ? payload.error : `HTTP ${response.status}`;
      throw new ApiError(message, response.status);
    }
  }

  /** The raw fetch with the key, for streams (live events). */
  async fetch(
    path: string,
    init: { method: string; body?: Json | FormData; headers?: Record<string, string>; signal?: AbortSignal },
  ): Promise<Response> {
    const headers: Record<string, string> = { ...this.headers, ...init.headers };
    let body: BodyInit | undefined;
    if (init.body instanceof FormData) body = init.body;
    else if (init.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(init.body);
    }
    try {
      return await fetch(path, {
        method: init.method,
        headers,
        body,
        signal: init.signal,
        cache: 'no-store',
      });
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      throw new ApiError(GATEWAY_DOWN, 0);
    }
  }
}

/**
 * The answer's JSON body. Our API always says `ok`; a body without it at 502-504 is a proxy's, or
 * a gateway's that is shutting down (Fastify's 503 on a kept-alive connection): for the person
 * at the page, the gateway is not there.
 */
export async function readJson(response: Response): Promise<Json> {
  const text = await response.text();
  const away = response.status >= 502 && response.status <= 504;
  if (!text) return away ? { ok: false, error: GATEWAY_DOWN } : {};
  try {
    const value = JSON.parse(text) as unknown;
    const body = value && typeof value === 'object' ? (value as Json) : {};
    return away && !('ok' in body) ? { ok: false, error: GATEWAY_DOWN } : body;
  } catch {
    // A proxy's HTML error page, for instance: say what happened instead of a parse error.
    return { ok: false, error: response.status >= 500 ? GATEWAY_DOWN : `HTTP ${response.status}` };
  }
}
