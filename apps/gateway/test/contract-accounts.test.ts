import { writeStatus } from '@wildcat/redis-bus';
import { waitFor } from '@wildcat/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { useAppWithWorker } from './helpers/build-test-app.js';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const { t, worker } = useAppWithWorker();

beforeAll(async () => {
  worker.controlResult = (job) => (job.action === 'pairing-code' ? { data: { code: 'ABCD-1234' } } : {});
});

const inject = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown) =>
  t.app.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as object }) });

describe('health', () => {
  it('GET /ping answers pong with the time', async () => {
    const response = await inject('GET', '/ping');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toEqual({ ok: true, pong: true, time: expect.stringMatching(ISO) });
  });
});

describe('POST /accounts', () => {
  it('creates an account (201) exactly as the reference shows and enqueues connect', async () => {
    const response = await inject('POST', '/accounts', {
      id: 'mybot',
      name: 'My WhatsApp Bot',
      collectionName: 'auth_mybot',
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({
      ok: true,
      account: {
        _id: 'mybot',
        name: 'My WhatsApp Bot',
        collectionName: 'auth_mybot',
        status: 'connecting',
        currentStatus: 'connecting',
        hasQR: false,
        createdAt: expect.stringMatching(ISO),
      },
    });
    await waitFor(() => worker.controls.some((job) => job.accountId === 'mybot' && job.action === 'connect'));
  });

  it('defaults name to the id and collectionName to auth_{id}', async () => {
    const response = await inject('POST', '/accounts', { id: 'support-bot' });
    expect(response.statusCode).toBe(201);
    expect(response.json().account).toMatchObject({ _id: 'support-bot', collectionName: 'auth_support-bot' });
  });

  it('400 "id is required" without an id, with an empty body and without a body', async () => {
    for (const payload of [{ name: 'x' }, {}, undefined]) {
      const response = await inject('POST', '/accounts', payload);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ ok: false, error: 'id is required' });
    }
  });

  it('400 "Account already exists" for a used id', async () => {
    const response = await inject('POST', '/accounts', { id: 'mybot' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ ok: false, error: 'Account already exists' });
  });

  it('400 for ids and collection names that are not safe', async () => {
    const badId = await inject('POST', '/accounts', { id: 'my bot' });
    expect(badId.statusCode).toBe(400);
    expect(badId.json()).toEqual({ ok: false, error: 'id must be 1-64 letters, digits, _ or -' });
    const operator = await inject('POST', '/accounts', { id: { $gt: '' } });
    expect(operator.json()).toEqual({ ok: false, error: 'id must be a string' });
    const reserved = await inject('POST', '/accounts', { id: 'x1', collectionName: 'accounts' });
    expect(reserved.json()).toEqual({ ok: false, error: 'collectionName is reserved' });
    const dotted = await inject('POST', '/accounts', { id: 'x2', collectionName: 'system.users' });
    expect(dotted.statusCode).toBe(400);
    expect((await inject('GET', '/accounts/x1')).statusCode).toBe(404);
  });
});

describe('GET /accounts and /accounts/:accountId', () => {
  it('lists accounts with live status from Redis (not_started when absent)', async () => {
    await writeStatus(t.redis, 'mybot', {
      status: 'connected',
      epoch: 1,
      jid: '919876543210@s.whatsapp.net',
      pushName: 'Bot',
    });
    await writeStatus(t.redis, 'support-bot', { status: 'connecting', epoch: 1, qr: '2@abc,def' });
    const response = await inject('GET', '/accounts');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      ok: true,
      accounts: [
        {
          _id: 'mybot',
          name: 'My WhatsApp Bot',
          collectionName: 'auth_mybot',
          status: 'connected',
          currentStatus: 'connected',
          hasQR: false,
          createdAt: expect.stringMatching(ISO),
          jid: '919876543210@s.whatsapp.net',
          pushName: 'Bot',
        },
        {
          _id: 'support-bot',
          name: 'support-bot',
          collectionName: 'auth_support-bot',
          status: 'connecting',
          currentStatus: 'connecting',
          hasQR: true,
          createdAt: expect.stringMatching(ISO),
        },
      ],
    });
  });

  it('gets one account, 404 "Account not found" for an unknown one', async () => {
    const response = await inject('GET', '/accounts/support-bot');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      ok: true,
      account: {
        _id: 'support-bot',
        name: 'support-bot',
        collectionName: 'auth_support-bot',
        status: 'connecting',
        currentStatus: 'connecting',
        hasQR: true,
        createdAt: expect.stringMatching(ISO),
      },
    });
    const missing = await inject('GET', '/accounts/nobody');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ ok: false, error: 'Account not found' });
  });
});

describe('connection control', () => {
  it('GET status: status, accountId, lastUpdate, the raw qr and the collection', async () => {
    const response = await inject('GET', '/accounts/support-bot/status');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      ok: true,
      status: 'connecting',
      accountId: 'support-bot',
      lastUpdate: expect.stringMatching(ISO),
      qr: '2@abc,def',
      collection: 'auth_support-bot',
    });
    const missing = await inject('GET', '/accounts/nobody/status');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ ok: false, error: 'Account not found' });
  });

  it('GET status of an account no worker has started: not_started, qr null', async () => {
    await inject('POST', '/accounts', { id: 'fresh' });
    const body = (await inject('GET', '/accounts/fresh/status')).json();
    expect(body).toMatchObject({
      ok: true,
      status: 'not_started',
      accountId: 'fresh',
      qr: null,
      collection: 'auth_fresh',
    });
  });

  it('POST connect enqueues connect and answers connecting', async () => {
    worker.controls.length = 0;
    const response = await inject('POST', '/accounts/fresh/connect');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      ok: true,
      message: 'Attempting to connect fresh',
      status: 'connecting',
      accountId: 'fresh',
    });
    await waitFor(() => worker.controls.some((job) => job.action === 'connect' && job.accountId === 'fresh'));
    expect((await t.store.accounts.get('fresh'))?.desiredState).toBe('connected');
  });

  it('POST connect on a connected account answers its real state, connected', async () => {
    expect((await inject('GET', '/accounts/mybot/status')).json().status).toBe('connected');
    const response = await inject('POST', '/accounts/mybot/connect');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      ok: true,
      message: 'Account mybot is already connected',
      status: 'connected',
      accountId: 'mybot',
    });
    expect((await t.store.accounts.get('mybot'))?.desiredState).toBe('connected');
  });

  it('POST disconnect enqueues disconnect and keeps the account', async () => {
    const response = await inject('POST', '/accounts/mybot/disconnect');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ ok: true, message: 'Account mybot disconnected' });
    await waitFor(() =>
      worker.controls.some((job) => job.action === 'disconnect' && job.accountId === 'mybot'),
    );
    expect((await t.store.accounts.get('mybot'))?.desiredState).toBe('disconnected');
  });

  it('POST logout enqueues logout', async () => {
    const response = await inject('POST', '/accounts/fresh/logout');
    expect(response.json()).toEqual({ ok: true, message: 'Account fresh logged out' });
    await waitFor(() => worker.controls.some((job) => job.action === 'logout' && job.accountId === 'fresh'));
  });

  it('connect, disconnect and logout answer 404 for unknown accounts', async () => {
    for (const action of ['connect', 'disconnect', 'logout']) {
      const response = await inject('POST', `/accounts/nobody/${action}`);
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual({ ok: false, error: 'Account not found' });
    }
  });

  it('GET qr: JSON with the raw string and a PNG data URL, or the PNG itself', async () => {
    const json = await inject('GET', '/accounts/support-bot/qr');
    expect(json.statusCode).toBe(200);
    expect(json.json()).toEqual({
      ok: true,
      accountId: 'support-bot',
      status: 'connecting',
      qr: '2@abc,def',
      qrDataUrl: expect.stringMatching(/^data:image\/png;base64,/),
    });
    const png = await inject('GET', '/accounts/support-bot/qr?format=png');
    expect(png.statusCode).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.rawPayload.subarray(1, 4).toString()).toBe('PNG');
    const none = await inject('GET', '/accounts/mybot/qr');
    expect(none.statusCode).toBe(404);
    expect(none.json()).toEqual({ ok: false, error: 'No QR code available' });
  });

  it('POST pairing-code returns the code the worker got', async () => {
    const response = await inject('POST', '/accounts/fresh/pairing-code', { phone: '+91 98765 43210' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ ok: true, accountId: 'fresh', code: 'ABCD-1234' });
    expect(worker.controls).toContainEqual({
      accountId: 'fresh',
      action: 'pairing-code',
      phone: '919876543210',
    });
    const missing = await inject('POST', '/accounts/fresh/pairing-code', {});
    expect(missing.json()).toEqual({ ok: false, error: 'phone is required' });
    const bad = await inject('POST', '/accounts/fresh/pairing-code', { phone: '12ab' });
    expect(bad.json()).toEqual({ ok: false, error: 'phone must be 6-20 digits with country code' });
  });
});

describe('DELETE /accounts/:accountId', () => {
  it('deletes the account and everything it owns', async () => {
    await t.store.messages.upsert({
      accountId: 'support-bot',
      messageId: 'M1',
      chatId: '1234567890@s.whatsapp.net',
      from: '1234567890@s.whatsapp.net',
      fromMe: false,
      timestamp: 1,
      type: 'text',
      text: 'hi',
      status: 'received',
    });
    const response = await inject('DELETE', '/accounts/support-bot');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ ok: true, message: 'Account support-bot deleted' });
    expect((await inject('GET', '/accounts/support-bot')).statusCode).toBe(404);
    expect(await t.store.messages.get('support-bot', 'M1')).toBeNull();
    expect(await t.redis.exists('wc:status:support-bot')).toBe(0);
    await waitFor(() =>
      worker.controls.some((job) => job.action === 'delete' && job.accountId === 'support-bot'),
    );
  });

  it('404 for an unknown account', async () => {
    const response = await inject('DELETE', '/accounts/support-bot');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ ok: false, error: 'Account not found' });
  });
});
