import { createInterface } from 'node:readline';
import { startWaPeer } from './index.js';

/**
 * The peer in its own process for memory measurements, so its state does not count against
 * the client process. Prints `{url, root}` as the first stdout line, then answers JSON-line
 * commands on stdin: `{"id":1,"scan":"<qr>","phone":"…"}` → `{"id":1,"ok":true}`.
 */
const peer = await startWaPeer({ installTestRoot: false });
process.stdout.write(`${JSON.stringify({ url: peer.url, root: peer.rootPublicKey.toString('base64') })}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  const command = JSON.parse(line) as { id: number; scan: string; phone: string };
  try {
    await peer.scanQr(command.scan, command.phone);
    process.stdout.write(`${JSON.stringify({ id: command.id, ok: true })}\n`);
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ id: command.id, ok: false, error: String(error) })}\n`);
  }
}
await peer.close();
