import QRCode from 'qrcode';

export interface QrPrinter {
  stop(): void;
}

/**
 * Prints every QR code an account shows, in the terminal, as the original server did ("Scan QR
 * code in terminal"): it follows the gateway's live `account.qr` events, so a QR that rotates is
 * printed again. Reconnects when the stream ends (a gateway restart) until stopped.
 */
export function printQrCodes(api: string, apiKey: string, write: (text: string) => void): QrPrinter {
  const abort = new AbortController();
  const terminal = Boolean(process.stdout.isTTY);

  async function show(accountId: string, qr: string): Promise<void> {
    const art = await QRCode.toString(qr, terminal ? { type: 'terminal', small: true } : { type: 'utf8' });
    write(
      `\n${accountId} is waiting for a scan. WhatsApp → Linked devices → Link a device, or on the sandbox:\n` +
        `  curl -X POST ${api}/sandbox/accounts/${accountId}/scan${apiKey ? ' -H "X-API-Key: $WILDCAT_API_KEY"' : ''}\n${art}`,
    );
  }

  async function follow(): Promise<void> {
    const response = await fetch(`${api}/events?types=account.qr`, {
      headers: apiKey ? { 'X-API-Key': apiKey } : {},
      signal: abort.signal,
    });
    if (!response.ok || !response.body) throw new Error(`events answered ${response.status}`);
    const decoder = new TextDecoder();
    let buffered = '';
    for await (const chunk of response.body) {
      buffered += decoder.decode(chunk as Uint8Array, { stream: true });
      let end = buffered.indexOf('\n\n');
      while (end >= 0) {
        const frame = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const data = frame.split('\n').find((line) => line.startsWith('data: '));
        if (data && !frame.startsWith('event:')) {
          const event = JSON.parse(data.slice(6)) as { accountId?: string; data?: { qr?: unknown } };
          if (event.accountId && typeof event.data?.qr === 'string')
            await show(event.accountId, event.data.qr);
        }
        end = buffered.indexOf('\n\n');
      }
    }
  }

  void (async () => {
    while (!abort.signal.aborted) {
      // The stream ends when the gateway restarts or stops; try again shortly, quietly.
      await follow().catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 1_000).unref());
    }
  })();
  return { stop: () => abort.abort() };
}
