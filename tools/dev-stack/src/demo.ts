import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import QRCode from 'qrcode';
import { createDemoClient, type DemoClient } from './demo-client.js';
import { startStack } from './stack.js';
import { styled } from './terminal-style.js';
import { startWebhookReceiver } from './webhook-receiver.js';

// `pnpm demo`: a guided tour on the offline sandbox engine, each step shown as the curl a user types.
const write = (text: string) => process.stdout.write(text);
const style = styled();
const step = (title: string) => write(`\n${style.cyan(`━━ ${title}`)}\n`);

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((done) => setTimeout(done, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function quietStatus(api: string, key: string, id: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${api}/accounts/${id}/status`, { headers: { 'X-API-Key': key } });
  return (await response.json()) as Record<string, unknown>;
}

async function link(client: DemoClient, api: string, key: string, id: string): Promise<string> {
  const qr = await until(`a QR for ${id}`, async () => {
    const status = await quietStatus(api, key, id);
    return typeof status.qr === 'string' && status.qr ? status.qr : undefined;
  });
  await client.call('GET', `/accounts/${id}/status`);
  write(`\nThe QR ${id} would scan with WhatsApp (Linked devices → Link a device):\n`);
  // ANSI blocks on a terminal; plain Unicode blocks when piped (no escape codes in a log).
  write(
    await QRCode.toString(qr, process.stdout.isTTY ? { type: 'terminal', small: true } : { type: 'utf8' }),
  );
  step(`The sandbox "phone" scans ${id}'s QR`);
  const scan = await client.call('POST', `/sandbox/accounts/${id}/scan`);
  await until(`${id} to connect`, async () =>
    (await quietStatus(api, key, id)).status === 'connected' ? true : undefined,
  );
  await client.call('GET', `/accounts/${id}/status`);
  return String(scan.json.jid);
}

async function main(): Promise<void> {
  const root = resolve(fileURLToPath(new URL('../../../', import.meta.url)));
  step('Starting WILDCAT on the sandbox engine (Redis, devdb, gateway, 2 session workers, webhook worker)');
  const stack = await startStack({
    root,
    engine: 'sandbox',
    gateways: 1,
    sessionWorkers: 2,
    webhookWorkers: 1,
    output: null,
    env: { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', LOG_LEVEL: 'warn' },
    progress: (line) => write(`  ${line}\n`),
  });
  const receiver = await startWebhookReceiver();
  const api = stack.gateways[0]?.url ?? '';
  const client = createDemoClient(api, stack.apiKey, write);
  write(
    `\nAPI ${api} — the key is in WILDCAT_API_KEY (export WILDCAT_API_KEY=$(cat ${stack.dataDir}/api-key))\n`,
  );
  try {
    step('Register a webhook: every inbound message is POSTed to a local receiver');
    await client.call('POST', '/webhooks', { url: receiver.url });

    step('Create two accounts');
    await client.call('POST', '/accounts', { id: 'alice', name: 'Alice' });
    await client.call('POST', '/accounts', { id: 'bob', name: 'Bob' });

    step('Link alice');
    const aliceJid = await link(client, api, stack.apiKey, 'alice');
    step('Link bob');
    const bobJid = await link(client, api, stack.apiKey, 'bob');

    step('alice sends bob a text');
    await client.call('POST', '/accounts/alice/message/send', { to: bobJid, message: 'Hello Bob! 🐱' });

    step('alice sends bob an image');
    const image = await QRCode.toBuffer('https://example.com/wildcat', { type: 'png', width: 200 });
    // A real file, kept after the demo, so the printed curl can be pasted as it is.
    const picture = join(tmpdir(), 'wildcat-demo-picture.png');
    writeFileSync(picture, image);
    await client.upload(
      '/accounts/alice/message/send/image',
      { to: bobJid, caption: 'A picture for you' },
      { field: 'image', path: picture, type: 'image/png', bytes: image },
    );

    step('What the webhook receiver got');
    await until('two webhooks', async () => (receiver.received.length >= 2 ? true : undefined));
    for (const hook of receiver.received) {
      write(`POST ${receiver.url}  X-Wildcat-Event: ${String(hook.headers['x-wildcat-event'] ?? '')}\n`);
      write(`${JSON.stringify(hook.body, null, 2)}\n`);
    }

    step("bob's chats and the messages alice sent");
    await client.call('GET', '/accounts/bob/chats');
    await client.call('GET', `/accounts/bob/chats/${aliceJid}/messages`);
    write(
      `\n${style.green('Done.')} Start the stack yourself with \`pnpm start\` (WA_ENGINE=sandbox for offline).\n`,
    );
  } finally {
    await receiver.close();
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`\ndemo failed: ${(error as Error).message}\n`);
  process.exit(1);
});
