import { loadConfig } from '@wildcat/config';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUZZ_ACCOUNTS, type FuzzHarness, startFuzzHarness } from './fuzz/fuzz-harness.js';
import { type FuzzResponse, injectOnce } from './fuzz/inject-once.js';
import { type Operation, operationName, operationsOf, UNDOCUMENTED } from './fuzz/openapi-operations.js';
import { type FuzzRequest, requestFor } from './fuzz/request-arbitrary.js';

// CI: 10,000 requests with a fixed seed. Longer: FUZZ_RUNS=200000 FUZZ_SEED=<n> (docs/configuration.md).
const { FUZZ_RUNS, FUZZ_SEED } = loadConfig(['FUZZ_RUNS', 'FUZZ_SEED']);
const REQUEST_TIMEOUT_MS = 15_000;
/** Answers that are not JSON by design: docs, Bull Board, metrics, media bytes, the console. */
const NON_JSON_OK =
  /^(text\/html|text\/plain|text\/css|application\/javascript|image\/|application\/pdf|application\/octet-stream|video\/|audio\/)/;

let h: FuzzHarness;
let operations: Operation[];
const hits = new Map<string, number>();
const statuses = new Map<number, number>();
const messages = new Map<string, number>();

beforeAll(async () => {
  h = await startFuzzHarness();
  const doc = await h.app.inject({ method: 'GET', url: '/docs/json' });
  operations = [...operationsOf(doc.json()), ...UNDOCUMENTED];
}, 120_000);
afterAll(async () => {
  await h?.close();
});

const describeRequest = (request: FuzzRequest, response?: FuzzResponse) =>
  `${request.method} ${request.url.slice(0, 300)} [${request.bodyKind}] ` +
  `${String(request.payload ?? '').slice(0, 300)} → ${response ? `${response.status} ${response.body.slice(0, 300)}` : 'no answer'}`;

/** The invariants, for one request: no 5xx, no hang, `{ok:false,error}`, no write when rejected. */
async function check(request: FuzzRequest): Promise<void> {
  hits.set(operationName(request.operation), (hits.get(operationName(request.operation)) ?? 0) + 1);
  const multipart = request.headers['content-type']?.startsWith('multipart/') === true;
  const mediaBefore = multipart ? await h.mediaCount() : 0;
  h.writes.reset();
  const writesBefore = h.writes.count();
  const response = await injectOnce(h.app, request, REQUEST_TIMEOUT_MS).catch((error: Error) => {
    throw new Error(`${error.message}: ${describeRequest(request)}`);
  });
  statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
  const context = describeRequest(request, response);
  if (response.status >= 500) throw new Error(`5xx: ${context}`);
  if (response.status >= 400) {
    if (!response.contentType.startsWith('application/json'))
      throw new Error(`error is not JSON: ${context}`);
    const body = JSON.parse(response.body) as { ok?: unknown; error?: unknown };
    const message = `${response.status} ${String(body.error).slice(0, 60)}`;
    messages.set(message, (messages.get(message) ?? 0) + 1);
    if (body.ok !== false || typeof body.error !== 'string' || body.error.length === 0) {
      throw new Error(`error body is not {ok:false,error}: ${context}`);
    }
    const wrote = h.writes.count() - writesBefore;
    if (wrote > 0) {
      // Only an upload may have streamed into GridFS before its fields were read; it must be gone.
      const onlyMedia = h.writes.touched().every((write) => / media\.(files|chunks)$/.test(write));
      const mediaAfter = await h.mediaCount();
      if (!multipart || !onlyMedia || mediaAfter !== mediaBefore) {
        throw new Error(`rejected request wrote to MongoDB (${h.writes.touched().join(', ')}): ${context}`);
      }
    }
  } else if (response.contentType.startsWith('application/json')) {
    const body = JSON.parse(response.body) as { ok?: unknown; openapi?: unknown };
    if (body.ok !== true && body.openapi === undefined && !request.url.startsWith('/admin/queues/api')) {
      throw new Error(`success without ok:true: ${context}`);
    }
  } else if (response.status < 300 && !NON_JSON_OK.test(response.contentType) && response.body.length > 0) {
    throw new Error(`unexpected content type ${response.contentType}: ${context}`);
  }
  // A fuzzed (valid) DELETE may remove a fuzz account: put it back for the next requests.
  if (request.method === 'DELETE' && response.status === 200) await h.restoreAccounts();
}

describe('fuzzing every route of the OpenAPI document', () => {
  it(
    `${FUZZ_RUNS} hostile requests: never a 5xx or a hang, always {ok:false,error}, nothing written when rejected`,
    async () => {
      expect(operations.length).toBeGreaterThan(35);
      const started = Date.now();
      const arbitrary = fc.constantFrom(...operations).chain((operation) => requestFor(operation, h.keys));
      await fc.assert(fc.asyncProperty(arbitrary, check), { numRuns: FUZZ_RUNS, seed: FUZZ_SEED });
      const seconds = (Date.now() - started) / 1000;
      console.log(
        `fuzz: ${FUZZ_RUNS} requests (seed ${FUZZ_SEED}) in ${seconds.toFixed(1)} s; statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
      );
      const top = [...messages].sort((a, b) => b[1] - a[1]).slice(0, 12);
      console.log(`fuzz: most frequent errors ${JSON.stringify(top)}`);
      // Every route was exercised, and the gateway still answers.
      const missed = operations.map(operationName).filter((name) => !hits.has(name));
      expect(missed).toEqual([]);
      expect((await h.app.inject({ method: 'GET', url: '/ping' })).statusCode).toBe(200);
      for (const id of FUZZ_ACCOUNTS) expect(await h.store.accounts.get(id)).not.toBeNull();
    },
    Math.max(15 * 60_000, FUZZ_RUNS * 100),
  );
});
