import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type RunningStack, startStack } from '@wildcat/dev-stack';
import { waitFor } from '@wildcat/testkit';
import { describe, expect, it } from 'vitest';
import { recentOutput } from '../support/e2e-stack.js';

const ROOT = resolve(fileURLToPath(new URL('../../', import.meta.url)));
/** The one line the test changes: the README's fixed port becomes the test stack's. */
const README_URL_LINE = 'export WILDCAT=http://localhost:3000';

/** The walkthrough's bash blocks, in order, exactly as README.md shows them. */
function walkthroughBlocks(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('<!-- walkthrough:start -->');
  const end = readme.indexOf('<!-- walkthrough:end -->');
  if (start < 0 || end < start) throw new Error('README.md lacks the walkthrough markers');
  return [...readme.slice(start, end).matchAll(/```bash\n([\s\S]*?)```/g)].map((match) => match[1]!);
}

/**
 * Runs a script with bash in `cwd`, as a user at the repository root would paste it. Stdin is
 * /dev/null: on a socket (Node's default) Debian's bash takes itself for an rsh session and reads
 * /etc/bash.bashrc first.
 */
function bash(script: string, cwd: string): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn('bash', ['-euo', 'pipefail', '-c', script], {
      cwd,
      env: { PATH: process.env.PATH },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 90_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', fail);
    child.on('close', (code, signal) => {
      if (code === 0) done(stdout);
      else fail(new Error(`bash exited with ${code ?? signal}: ${stderr.trim()}\n${stdout}`));
    });
  });
}

// The README's first-message walkthrough, verbatim, against the stack `WA_ENGINE=sandbox pnpm
// start` runs (one gateway, two session workers, one webhook worker, private Redis and devdb),
// with its data in `<dir>/data` so the README's `cat data/api-key` reads this stack's key.
describe('the README walkthrough on a fresh sandbox stack', () => {
  it('creates two accounts, pairs them, sends a text and reads it back on the other side', async () => {
    // The first block exports WILDCAT and the key; the user's terminal keeps them for the rest.
    const [exports = '', ...steps] = walkthroughBlocks();
    expect(exports.split('\n')).toContain(README_URL_LINE);
    expect(steps.length).toBeGreaterThanOrEqual(2);
    const readBack = steps.at(-1)!;

    const dir = mkdtempSync(join(tmpdir(), 'wildcat-walkthrough-'));
    let stack: RunningStack | undefined;
    try {
      stack = await startStack({
        root: ROOT,
        dataDir: join(dir, 'data'),
        engine: 'sandbox',
        gateways: 1,
        sessionWorkers: 2,
        webhookWorkers: 1,
        output: null,
        progress: () => {},
        healthTimeoutMs: 180_000,
        env: { LOG_LEVEL: 'warn' },
      });
      const session = exports.replace(README_URL_LINE, `export WILDCAT=${stack.gateways[0]!.url}`);
      const printed = await bash([session, ...steps.slice(0, -1)].join('\n'), dir);
      // What the prose promises: both accounts created, the numbers a fresh sandbox hands out, a message id.
      expect(printed).toContain('"_id":"alice"');
      expect(printed).toContain('"_id":"bob"');
      expect(printed).toContain('{"ok":true,"accountId":"alice","jid":"15550000001@s.whatsapp.net"}');
      expect(printed).toContain('{"ok":true,"accountId":"bob","jid":"15550000002@s.whatsapp.net"}');
      expect(printed).toMatch(/"messageId":"3EB0[0-9A-F]+"/);

      // The README says to run the read-back again while the list is still empty; so does the test.
      const answer = await waitFor(
        async () => {
          const body = JSON.parse(await bash(`${session}\n${readBack}`, dir)) as { messages?: unknown[] };
          return body.messages?.length ? body : undefined;
        },
        { what: "the message in bob's chat with alice", timeoutMs: 20_000, intervalMs: 500 },
      );
      expect(answer).toEqual({
        ok: true,
        messages: [
          expect.objectContaining({
            text: 'Hello Bob!',
            from: '15550000001@s.whatsapp.net',
            chatId: '15550000001@s.whatsapp.net',
            fromMe: false,
            type: 'text',
          }),
        ],
      });
    } catch (error) {
      if (stack) console.error(`recent output of every process:\n${recentOutput(stack)}`);
      throw error;
    } finally {
      await stack?.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
