import { z } from 'zod';
import { accountParams, errors, okFlag } from '../common-schema.js';

export const scanSchema = {
  tags: ['sandbox'],
  summary: 'Sandbox engine only: scan the pending QR code of an account, as a phone would',
  params: accountParams,
  response: {
    200: z.object({ ok: okFlag, accountId: z.string(), jid: z.string() }),
    ...errors(400, 401, 404, 409, 502, 503, 504),
  },
};
