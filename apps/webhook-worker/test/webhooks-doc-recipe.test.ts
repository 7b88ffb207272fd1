import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { waitFor } from '@wildcat/testkit';
import { signWildcatPayload, verifyWildcatSignature } from '@wildcat/webhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageEvent, uniqueId } from './support/events.js';
import { type Infrastructure, startInfrastructure } from './support/harness.js';
import { type Receiver, startReceiver } from './support/receiver.js';

type Recipe = (
  secret: string,
  headers: Record<string, unknown>,
  rawBody: Buffer,
  tolerance?: number,
) => boolean;

const WEBHOOKS_DOC = new URL('../../../docs/webhooks.md', import.meta.url);
const dir = mkdtempSync(join(tmpdir(), 'wildcat-recipe-'));
let verifyWildcat: Recipe;
let infra: Infrastructure;
let receiver: Receiver;

/** The receiver recipe exactly as docs/webhooks.md shows it, between its markers. */
function recipeSource(): string {
  const page = readFileSync(WEBHOOKS_DOC, 'utf8');
  const start = page.indexOf('<!-- webhook-verify:start -->');
  const end = page.indexOf('<!-- webhook-verify:end -->');
  expect(start).toBeGreaterThan(-1);
  const block = page.slice(start, end);
  const code = /```js\n([\s\S]*?)```/.exec(block)?.[1];
  if (!code) throw new Error('no js block between the webhook-verify markers');
  return code;
}

beforeAll(async () => {
  const file = join(dir, 'recipe.mjs');
  writeFileSync(file, recipeSource());
  ({ verifyWildcat } = (await import(pathToFileURL(file).href)) as { verifyWildcat: Recipe });
  infra = await startInfrastructure();
  receiver = await startReceiver(() => ({ status: 204 }));
});
afterAll(async () => {
  await infra.close();
  await receiver.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the verification recipe in docs/webhooks.md', () => {
  it('verifies a real delivery and rejects a changed body, another secret and an old timestamp', async () => {
    const runtime = await infra.startRuntime();
    const accountId = uniqueId('acc');
    await runtime.subscribe({ accountId, url: receiver.url, secret: 'whsec_readme_recipe' });
    await infra.publish(messageEvent(accountId, { text: 'Grüße 👋' }));
    await waitFor(() => receiver.requests.length === 1);
    const { headers, body } = receiver.requests[0]!;
    const raw = Buffer.from(body, 'utf8');

    expect(verifyWildcat('whsec_readme_recipe', headers, raw)).toBe(true);
    expect(verifyWildcatSignature('whsec_readme_recipe', headers, raw, 300).ok).toBe(true);
    expect(verifyWildcat('whsec_readme_recipe', headers, Buffer.from(body.replace('Grüße', 'Gruss')))).toBe(
      false,
    );
    expect(verifyWildcat('another-secret', headers, raw)).toBe(false);

    // A captured request replayed ten minutes later: validly signed, but too old.
    const old = String(Math.floor(Date.now() / 1000) - 600);
    const replayed = {
      ...headers,
      'x-wildcat-timestamp': old,
      'x-wildcat-signature': signWildcatPayload('whsec_readme_recipe', old, raw),
    };
    expect(verifyWildcat('whsec_readme_recipe', replayed, raw)).toBe(false);
    expect(verifyWildcat('whsec_readme_recipe', replayed, raw, 900)).toBe(true);
    expect(verifyWildcatSignature('whsec_readme_recipe', replayed, raw, 300)).toEqual({
      ok: false,
      reason: 'stale_timestamp',
    });
    await runtime.close();
  });
});
