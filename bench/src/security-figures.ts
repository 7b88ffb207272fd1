import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { startBenchStack } from './lib/stack.js';

/**
 * Issue 23's closing figures on two real gateway processes: how many live streams of a revoked
 * key are still open a second after the revoke (SSE on both gateways), and how 600 wrong keys
 * from one address are answered. `tsx src/security-figures.ts`
 */
export async function securityFigures(streamsPerGateway = 10, wrongKeys = 600) {
  const bench = await startBenchStack({ gateways: 2, sessionWorkers: 0, webhookWorkers: 0 });
  const requests: http.ClientRequest[] = [];
  try {
    const [one, two] = bench.stack.gateways.map((gateway) => gateway.url) as [string, string];
    const admin = bench.headers;
    const call = async (base: string, method: string, path: string, body?: unknown) => {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: admin,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, json: (await response.json()) as Record<string, unknown> };
    };
    await call(one, 'POST', '/accounts', { id: 'revoked-acct' });
    const created = await call(one, 'POST', '/admin/keys', { name: 'to revoke', accountId: 'revoked-acct' });
    const key = String(created.json.key);
    const keyId = String((created.json.apiKey as { id: string }).id);
    let open = 0;
    await Promise.all(
      [one, two].flatMap((base) =>
        Array.from(
          { length: streamsPerGateway },
          () =>
            new Promise<void>((ready, fail) => {
              const request = http.get(
                `${base}/events`,
                { headers: { 'x-api-key': key }, agent: false },
                (response) => {
                  if (response.statusCode !== 200) fail(new Error(`stream: HTTP ${response.statusCode}`));
                  open++;
                  response.once('data', () => ready());
                  response.once('end', () => void open--);
                  response.resume();
                },
              );
              request.on('error', fail);
              requests.push(request);
            }),
        ),
      ),
    );
    const openBefore = open;
    const revoked = await call(one, 'DELETE', `/admin/keys/${keyId}`);
    if (revoked.status !== 200) throw new Error(`revoke: HTTP ${revoked.status}`);
    await new Promise((done) => setTimeout(done, 1_000));
    const openAfterOneSecond = open;

    const statuses: Record<string, number> = {};
    const started = performance.now();
    for (let i = 0; i < wrongKeys; i++) {
      const response = await fetch(`${i % 2 ? two : one}/accounts`, {
        headers: { 'x-api-key': `wck_${randomBytes(24).toString('base64url')}` },
      });
      await response.arrayBuffer();
      statuses[response.status] = (statuses[response.status] ?? 0) + 1;
    }
    const wrongKeySeconds = Math.round((performance.now() - started) / 100) / 10;
    return {
      streams: { openBefore, openAfterOneSecond },
      wrongKeys: { count: wrongKeys, statuses, seconds: wrongKeySeconds },
    };
  } finally {
    for (const request of requests) request.destroy();
    await bench.stop();
  }
}

if (process.argv[1]?.endsWith('security-figures.ts')) {
  console.log(JSON.stringify(await securityFigures()));
  process.exit(0);
}
