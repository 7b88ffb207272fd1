import { beforeEach, describe, expect, it } from 'vitest';
import { useAppWithWorker } from './helpers/build-test-app.js';

const TO = '919876543210@s.whatsapp.net';
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(500, 7),
]);

const { t, worker } = useAppWithWorker({ env: { BODY_LIMIT_BYTES: '65536' }, account: 'mybot' });

beforeEach(() => {
  worker.sends.length = 0;
});

const post = (kind: string, payload: object) =>
  t.app.inject({ method: 'POST', url: `/accounts/mybot/message/send/${kind}`, payload });

describe('media by JSON on the media routes', () => {
  it('base64 is decoded into the store (type sniffed from the bytes); the job names the stored file', async () => {
    const response = await post('image', { to: TO, base64: PNG.toString('base64'), caption: 'cat' });
    expect([response.statusCode, response.json().ok]).toEqual([200, true]);
    const job = worker.sends.at(-1);
    expect(job).toMatchObject({ kind: 'image', to: TO, mimetype: 'image/png', caption: 'cat' });
    if (!job || !('mediaId' in job) || !job.mediaId) throw new Error('no stored media');
    expect(await t.store.media.info(job.mediaId)).toMatchObject({
      length: PNG.length,
      mimetype: 'image/png',
    });
    // A data: URL names its type; ptt is a real boolean in JSON.
    const voice = await post('audio', {
      to: TO,
      base64: `data:audio/ogg;base64,${Buffer.from('OggS-not-really').toString('base64')}`,
      ptt: true,
    });
    expect(voice.statusCode).toBe(200);
    expect(worker.sends.at(-1)).toMatchObject({ kind: 'audio', mimetype: 'audio/ogg', ptt: true });
  });

  it('url goes to the worker unfetched (the gateway never downloads it)', async () => {
    const response = await post('document', {
      to: TO,
      url: 'https://example.com/files/invoice.pdf',
      fileName: 'invoice.pdf',
    });
    expect(response.statusCode).toBe(200);
    const job = worker.sends.at(-1);
    expect(job).toMatchObject({
      kind: 'document',
      mediaUrl: 'https://example.com/files/invoice.pdf',
      fileName: 'invoice.pdf',
    });
    expect(job && 'mediaId' in job ? job.mediaId : undefined).toBeUndefined();
  });

  it('bad input: 400 saying what to fix, 413 past the body limit, nothing sent', async () => {
    const cases: [object, number, string | RegExp][] = [
      [{ to: TO, base64: 'not base64!!' }, 400, /^base64 is not valid base64/],
      [{ to: TO, base64: '' }, 400, /^base64 is not valid base64/],
      [{ to: TO }, 400, 'exactly one of url or base64 is required'],
      [
        { to: TO, url: 'https://example.com/a.jpg', base64: 'AAAA' },
        400,
        'exactly one of url or base64 is required',
      ],
      [{ to: TO, url: 'ftp://example.com/a.jpg' }, 400, 'url must use http or https'],
      [{ to: TO, url: 'not a url' }, 400, 'url must be a valid http or https URL'],
      [
        { to: TO, url: 'http://127.0.0.1:8080/a.jpg' },
        400,
        'url host 127.0.0.1 is a loopback address; media URLs must be public',
      ],
      [
        { to: TO, url: 'http://169.254.169.254/latest/meta-data' },
        400,
        /^url host 169\.254\.169\.254 is a .* address; media URLs must be public$/,
      ],
      [
        { to: TO, url: 'http://localhost/a.jpg' },
        400,
        'url host localhost is a loopback address; media URLs must be public',
      ],
      [{ to: TO, base64: 'AAAA', ptt: 'yes' }, 400, 'ptt must be true or false'],
      [{ base64: 'AAAA' }, 400, 'to field is required'],
    ];
    for (const [body, status, error] of cases) {
      const response = await post('audio', body);
      expect([JSON.stringify(body), response.statusCode]).toEqual([JSON.stringify(body), status]);
      expect(response.json().ok).toBe(false);
      expect(response.json().error).toMatch(error);
    }
    const huge = await post('image', { to: TO, base64: Buffer.alloc(70_000, 1).toString('base64') });
    expect([huge.statusCode, huge.json()]).toEqual([413, { ok: false, error: 'Request body is too large' }]);
    expect(worker.sends).toEqual([]);
  });
});
