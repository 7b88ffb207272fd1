import { randomBytes } from 'node:crypto';
import { type Api, type ApiResponse, expectStatus } from './api.js';

export type MediaKind = 'image' | 'video' | 'audio' | 'document';

export interface MediaFixture {
  kind: MediaKind;
  fileName: string;
  mimetype: string;
  caption?: string;
  bytes: Buffer;
}

/** One file of each kind, random bytes of distinct sizes so a mix-up or a truncation shows. */
export function mediaFixtures(): MediaFixture[] {
  return [
    {
      kind: 'image',
      fileName: 'cat.png',
      mimetype: 'image/png',
      caption: 'a cat',
      bytes: randomBytes(70_001),
    },
    {
      kind: 'video',
      fileName: 'clip.mp4',
      mimetype: 'video/mp4',
      caption: 'a clip',
      bytes: randomBytes(300_007),
    },
    { kind: 'audio', fileName: 'song.mp3', mimetype: 'audio/mpeg', bytes: randomBytes(150_011) },
    {
      kind: 'document',
      fileName: 'invoice.pdf',
      mimetype: 'application/pdf',
      caption: 'your invoice',
      bytes: randomBytes(40_013),
    },
  ];
}

/** POST /accounts/:id/message/send/:kind as multipart/form-data, as `curl -F` sends it. */
export function sendMedia(
  api: Api,
  accountId: string,
  to: string,
  media: MediaFixture,
): Promise<ApiResponse> {
  const form = new FormData();
  form.append('to', to);
  if (media.caption) form.append('caption', media.caption);
  form.append(media.kind, new Blob([media.bytes], { type: media.mimetype }), media.fileName);
  return api.call('POST', `/accounts/${accountId}/message/send/${media.kind}`, { form });
}

/** The sender's send, answered 200 with its message id. */
export async function sendJson(api: Api, account: string, route: string, body: object, what: string) {
  const answer = await api.call('POST', `/accounts/${account}/message/send/${route}`, { body });
  return String(expectStatus(answer, 200, what).json.messageId);
}

/** A multipart upload of one file in `field` (sticker, audio…), as `curl -F` sends it. */
export function fileForm(
  to: string,
  field: string,
  file: { bytes: Buffer; mimetype: string; fileName: string },
  fields: Record<string, string> = {},
): FormData {
  const form = new FormData();
  form.append('to', to);
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append(field, new Blob([file.bytes], { type: file.mimetype }), file.fileName);
  return form;
}
