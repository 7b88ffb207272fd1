import { z } from 'zod';
import { accountParams, errors, field, okFlag } from '../common-schema.js';
import { accountStatus } from './schema.js';

export const statusSchema = {
  tags: ['connection'],
  summary: 'Get connection status',
  params: accountParams,
  response: {
    200: z.object({
      ok: okFlag,
      status: accountStatus,
      accountId: z.string(),
      lastUpdate: z.string().describe('ISO 8601'),
      qr: z.string().nullable().describe('Raw QR string while waiting for a scan'),
      collection: z.string(),
      jid: z.string().optional(),
      pushName: z.string().optional(),
    }),
    ...errors(400, 401, 404, 503),
  },
};

export const connectSchema = {
  tags: ['connection'],
  summary: 'Connect account (shows a QR code to scan)',
  params: accountParams,
  response: {
    200: z.object({ ok: okFlag, message: z.string(), status: accountStatus, accountId: z.string() }),
    ...errors(400, 401, 404, 503),
  },
};

const messageOnly = z.object({ ok: okFlag, message: z.string() });

export const disconnectSchema = {
  tags: ['connection'],
  summary: 'Disconnect account (keeps its session)',
  params: accountParams,
  response: { 200: messageOnly, ...errors(400, 401, 404, 503) },
};

export const logoutSchema = {
  tags: ['connection'],
  summary: 'Log out (unlinks the device and wipes its session)',
  params: accountParams,
  response: { 200: messageOnly, ...errors(400, 401, 404, 503) },
};

export const qrSchema = {
  tags: ['connection'],
  summary: 'QR code to scan: JSON with the raw string and a PNG data URL, or ?format=png',
  params: accountParams,
  querystring: z.object({
    format: z.enum(['json', 'png'], { error: 'format must be json or png' }).default('json'),
  }),
  response: {
    200: z.object({
      ok: okFlag,
      accountId: z.string(),
      status: accountStatus,
      qr: z.string(),
      qrDataUrl: z.string(),
    }),
    ...errors(400, 401, 404, 503),
  },
};

export const pairingCodeSchema = {
  tags: ['connection'],
  summary: 'Pair by phone number: returns the code to type on the phone',
  params: accountParams,
  body: z.object(
    {
      phone: field('phone is required', 'phone must be a string')
        .transform((phone) => phone.replace(/[\s+()-]/g, ''))
        .pipe(z.string().regex(/^\d{6,20}$/, { error: 'phone must be 6-20 digits with country code' })),
    },
    { error: 'phone is required' },
  ),
  response: {
    200: z.object({ ok: okFlag, accountId: z.string(), code: z.string() }),
    ...errors(400, 401, 404, 409, 502, 503, 504),
  },
};
