import { z } from 'zod';
import { accountIdParam, errors, field, okFlag } from '../common-schema.js';
import { messageParams } from '../messages/schema.js';

const binary = {
  description: 'The file: Content-Type, Content-Length, Content-Disposition; honours Range (206)',
  content: { 'application/octet-stream': { schema: z.string().meta({ format: 'binary' }) } },
};

export const messageMediaSchema = {
  tags: ['chats'],
  summary: 'Download media of a message (the id may also be a media id)',
  params: messageParams,
  response: { 200: binary, 206: binary, ...errors(400, 401, 404, 416, 503) },
};

export const mediaByIdSchema = {
  tags: ['media'],
  summary: 'Download media by its id',
  params: z.object({ id: z.string().max(128, { error: 'media not found' }) }),
  response: { 200: binary, 206: binary, ...errors(401, 404, 416, 503) },
};

export const mediaInfoView = z.object({
  id: z.string(),
  filename: z.string(),
  contentType: z.string().optional(),
  length: z.number(),
  uploadDate: z.string().describe('ISO 8601'),
  metadata: z.record(z.string(), z.unknown()),
});

export const listMediaSchema = {
  tags: ['media'],
  summary: 'List stored media files (the original server’s undocumented route)',
  querystring: z.object({
    accountId: accountIdParam.optional(),
    messageId: field('messageId must be a string').max(128, { error: 'messageId is too long' }).optional(),
    chatId: field('chatId must be a string').max(128, { error: 'chatId is too long' }).optional(),
  }),
  response: { 200: z.object({ ok: okFlag, media: z.array(mediaInfoView) }), ...errors(400, 401, 503) },
};
