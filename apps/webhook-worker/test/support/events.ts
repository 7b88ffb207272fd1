import { randomBytes } from 'node:crypto';
import type { WildcatEvent } from '@wildcat/jobs';

export function uniqueId(prefix = 'x'): string {
  return `${prefix}${randomBytes(5).toString('hex')}`;
}

/** A `message` event as the session worker publishes it. */
export function messageEvent(accountId: string, data: Record<string, unknown> = {}): WildcatEvent {
  const messageId = (data.messageId as string | undefined) ?? uniqueId('3EB0').toUpperCase();
  return {
    id: `message.${accountId}.${messageId}`,
    type: 'message',
    accountId,
    timestamp: 1_730_700_645_123,
    data: {
      messageId,
      chatId: '919876543210@s.whatsapp.net',
      from: '919876543210@s.whatsapp.net',
      fromMe: false,
      timestamp: 1_730_700_645_000,
      type: 'text',
      text: 'Hello!',
      hasMedia: false,
      pushName: 'John',
      ...data,
    },
  };
}
