/** A JSON answer of the API. */
export interface ApiResponse {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: a client reads whatever fields the answer has
  json: any;
  /** Milliseconds from request to the whole answer. */
  ms: number;
  /** The gateway that answered. */
  gateway: string;
}

export interface CallOptions {
  body?: unknown;
  form?: FormData;
  headers?: Record<string, string>;
  /** Gateway index; by default the gateways take turns. */
  via?: number;
  timeoutMs?: number;
}

/** A WILDCAT client over plain HTTP that spreads its calls over every gateway, as a balancer would. */
export class Api {
  private turn = 0;

  constructor(
    readonly gateways: string[],
    private readonly apiKey: string,
  ) {}

  /** The base URL of gateway `via`, or of the next one in turn. */
  gateway(via?: number): string {
    const index = via ?? this.turn++;
    const url = this.gateways[index % this.gateways.length];
    if (!url) throw new Error('no gateway');
    return url;
  }

  async call(method: string, path: string, options: CallOptions = {}): Promise<ApiResponse> {
    const gateway = this.gateway(options.via);
    const started = Date.now();
    const headers: Record<string, string> = { 'X-API-Key': this.apiKey, ...options.headers };
    let body: string | FormData | undefined;
    if (options.form) body = options.form;
    else if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const response = await fetch(`${gateway}${path}`, {
      method,
      headers,
      body,
      signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      throw new Error(
        `${method} ${path} via ${gateway}: HTTP ${response.status} with a non-JSON body: ${text.slice(0, 200)}`,
      );
    }
    return { status: response.status, headers: response.headers, json, ms: Date.now() - started, gateway };
  }

  /** A binary download (media). */
  async download(path: string, via?: number): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
    const response = await fetch(`${this.gateway(via)}${path}`, {
      headers: { 'X-API-Key': this.apiKey },
      signal: AbortSignal.timeout(60_000),
    });
    return {
      status: response.status,
      headers: response.headers,
      bytes: Buffer.from(await response.arrayBuffer()),
    };
  }
}

/** Throws with the whole answer unless it has the expected status. */
export function expectStatus(response: ApiResponse, status: number, what: string): ApiResponse {
  if (response.status !== status) {
    throw new Error(
      `${what}: expected HTTP ${status}, got ${response.status} from ${response.gateway}: ${JSON.stringify(response.json)}`,
    );
  }
  return response;
}
