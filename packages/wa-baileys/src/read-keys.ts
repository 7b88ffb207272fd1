import type { WAMessageKey } from '@whiskeysockets/baileys';
import type { ReadTarget } from '@wildcat/wa';

/**
 * The keys Baileys' readMessages acknowledges. In a group the receipt goes to each message's
 * author (the participant), which WhatsApp needs to route it; in a 1:1 chat the chat is the author.
 */
export function readKeys(chatId: string, messages: readonly (string | ReadTarget)[]): WAMessageKey[] {
  const group = chatId.endsWith('@g.us');
  return messages.map((message) => {
    const target = typeof message === 'string' ? { id: message } : message;
    return {
      remoteJid: chatId,
      id: target.id,
      fromMe: false,
      ...(group && target.from ? { participant: target.from } : {}),
    };
  });
}
