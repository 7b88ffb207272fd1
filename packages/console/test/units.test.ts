import { describe, expect, it } from 'vitest';
import { readJson } from '../src/app/api.js';
import { GATEWAY_DOWN } from '../src/app/api-error.js';
import { showJid, toJid } from '../src/app/format.js';
import { createSseParser, type SseMessage } from '../src/app/sse-parser.js';

describe('SSE parser (the console reads /events with fetch, not EventSource)', () => {
  it('assembles messages split anywhere across chunks, with ids, types and comments', () => {
    const seen: SseMessage[] = [];
    const parser = createSseParser((message) => seen.push(message));
    const stream =
      'retry: 2000\n\n: ready\n\nid: 1-0\ndata: {"a":1}\n\nid: 2-0\r\nevent: gap\r\ndata: x\r\ndata: y\r\n\r\n';
    for (const size of [1, 3, 7]) {
      seen.length = 0;
      for (let i = 0; i < stream.length; i += size) parser.push(stream.slice(i, i + size));
      expect(seen).toEqual([
        { id: '1-0', event: 'message', data: '{"a":1}' },
        { id: '2-0', event: 'gap', data: 'x\ny' },
      ]);
      expect(parser.lastId).toBe('2-0');
    }
  });

  it('waits for the blank line before delivering a message', () => {
    const seen: SseMessage[] = [];
    const parser = createSseParser((message) => seen.push(message));
    parser.push('id: 5-0\ndata: {}\n');
    expect(seen).toEqual([]);
    parser.push('\n');
    expect(seen).toHaveLength(1);
  });
});

describe('phone numbers and JIDs', () => {
  it('turns what people type into a JID and shows phone JIDs as numbers', () => {
    expect(toJid('+91 98765 43210')).toBe('919876543210@s.whatsapp.net');
    expect(toJid('123-456@g.us')).toBe('123-456@g.us');
    expect(toJid(' status@broadcast ')).toBe('status@broadcast');
    expect(showJid('919876543210@s.whatsapp.net')).toBe('+919876543210');
    expect(showJid('123-456@g.us')).toBe('123-456@g.us');
  });
});

describe('answers that are not the API’s', () => {
  it('reads a closing gateway’s or a proxy’s 502-504 as the gateway being away, and keeps the API’s own errors', async () => {
    const closing = new Response(
      '{"error":"Service Unavailable","message":"Service Unavailable","statusCode":503}',
      {
        status: 503,
      },
    );
    expect(await readJson(closing)).toEqual({ ok: false, error: GATEWAY_DOWN });
    expect(await readJson(new Response('<html>Bad gateway</html>', { status: 502 }))).toEqual({
      ok: false,
      error: GATEWAY_DOWN,
    });
    expect(await readJson(new Response('', { status: 504 }))).toEqual({ ok: false, error: GATEWAY_DOWN });
    const ours = { ok: false, error: 'Redis is unavailable; try again shortly' };
    expect(await readJson(new Response(JSON.stringify(ours), { status: 503 }))).toEqual(ours);
    expect(await readJson(new Response('{"ok":true}', { status: 200 }))).toEqual({ ok: true });
  });
});
