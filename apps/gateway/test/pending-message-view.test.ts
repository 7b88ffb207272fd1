import { describe, expect, it } from 'vitest';
import { pendingMessageView } from '../src/services/message-view.js';

const job = {
  accountId: 'mybot',
  messageId: 'AUD1',
  to: '15550000002@s.whatsapp.net',
  acceptedAt: 1,
  mediaId: 'a'.repeat(24),
  mimetype: 'audio/mpeg',
};

describe('a send still in its job, as GET /messages/:id shows it', () => {
  it('is a voice note (type voice) when sent with ptt, audio otherwise, as the stored copy will be', () => {
    const own = '15550000001@s.whatsapp.net';
    expect(pendingMessageView({ ...job, kind: 'audio', ptt: true }, 'queued', own)).toMatchObject({
      type: 'voice',
      hasMedia: true,
      status: 'queued',
    });
    expect(pendingMessageView({ ...job, kind: 'audio', ptt: false }, 'failed', own, 'x')).toMatchObject({
      type: 'audio',
      status: 'failed',
      error: 'x',
    });
  });
});
