import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helpers/build-test-app.js';

const TEAM = '123456789-1234567890@g.us';
const ADA = '15550002222@s.whatsapp.net';

let t: TestApp;
const stored = {
  accountId: 'typed',
  chatId: TEAM,
  from: ADA,
  fromMe: false,
  status: 'received' as const,
  participant: ADA,
};
const location = { latitude: 52.52, longitude: 13.405, name: 'Berlin', address: 'Mitte', live: true };
const contacts = [{ name: 'Ada', phone: '15550003333', vcard: 'BEGIN:VCARD\nFN:Ada\nEND:VCARD' }];
const poll = {
  name: 'Lunch?',
  options: ['Pizza', 'Salad'],
  selectableCount: 1,
  votes: [
    { option: 'Pizza', count: 1, voters: [ADA] },
    { option: 'Salad', count: 0, voters: [] },
  ],
};

beforeAll(async () => {
  t = await buildTestApp();
  await t.app.inject({ method: 'POST', url: '/accounts', payload: { id: 'typed' } });
  const docs = [
    { messageId: 'V-LOC', timestamp: 1, type: 'location' as const, location, forwarded: true },
    { messageId: 'V-CON', timestamp: 2, type: 'contact' as const, contacts },
    { messageId: 'V-POLL', timestamp: 3, type: 'poll' as const, poll },
    {
      messageId: 'V-BTN',
      timestamp: 4,
      type: 'text' as const,
      text: 'Yes',
      selectedId: 'yes',
      mentions: [ADA],
    },
    { messageId: 'V-RAW', timestamp: 5, type: 'unsupported' as const, raw: '{"futureMessage":{}}' },
    { messageId: 'V-EDIT', timestamp: 6, type: 'text' as const, text: 'fixed', editedAt: 7 },
  ];
  for (const doc of docs) await t.store.messages.upsert({ ...stored, ...doc });
});
afterAll(async () => {
  await t?.close();
});

describe('typed messages in the message views', () => {
  it('GET /messages/:id shows location, contacts, poll (with tally), selectedId, raw, editedAt, forwarded, participant', async () => {
    const one = async (id: string) =>
      (await t.app.inject({ method: 'GET', url: `/accounts/typed/messages/${id}` })).json().message;
    expect(await one('V-LOC')).toMatchObject({
      type: 'location',
      location,
      forwarded: true,
      participant: ADA,
    });
    expect(await one('V-CON')).toMatchObject({ type: 'contact', contacts });
    expect(await one('V-POLL')).toMatchObject({ type: 'poll', poll });
    expect(await one('V-BTN')).toMatchObject({
      type: 'text',
      text: 'Yes',
      selectedId: 'yes',
      mentions: [ADA],
    });
    expect(await one('V-RAW')).toMatchObject({ type: 'unsupported', raw: '{"futureMessage":{}}' });
    expect(await one('V-EDIT')).toMatchObject({ text: 'fixed', editedAt: 7 });
  });

  it('the chat listing carries the same fields', async () => {
    const response = await t.app.inject({ method: 'GET', url: `/accounts/typed/chats/${TEAM}/messages` });
    expect(response.statusCode).toBe(200);
    const byId = Object.fromEntries(
      response.json().messages.map((m: { messageId: string }) => [m.messageId, m]),
    );
    expect(byId['V-LOC'].location).toEqual(location);
    expect(byId['V-POLL'].poll).toEqual(poll);
    expect(byId['V-CON'].contacts).toEqual(contacts);
  });
});
