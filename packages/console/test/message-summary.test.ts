import { describe, expect, it } from 'vitest';
import { messageSummary } from '../src/app/message-summary.js';
import type { Message } from '../src/app/types.js';

const base: Message = {
  messageId: 'M1',
  from: '15550002222@s.whatsapp.net',
  timestamp: 1,
  type: 'text',
  fromMe: false,
};
const show = (fields: Partial<Message>) => messageSummary({ ...base, ...fields });

describe('the chat view shows every message type readably', () => {
  it('text, media (voice as voice note), reactions and deletes', () => {
    expect(show({ text: 'hi' }).text).toBe('hi');
    expect(show({ type: 'image', hasMedia: true, caption: 'pic' }).text).toBe('[image] pic');
    expect(show({ type: 'voice', hasMedia: true }).text).toBe('[voice note]');
    expect(show({ type: 'document', hasMedia: true, fileName: 'a.pdf' }).text).toBe('[document: a.pdf]');
    expect(show({ type: 'sticker', hasMedia: true }).text).toBe('[sticker]');
    expect(show({ type: 'reaction', emoji: '👍' }).text).toBe('Reacted 👍');
    expect(show({ type: 'revoke' }).text).toBe('🚫 Deleted a message');
  });

  it('location with a map link, contacts, poll with its tally, our own votes', () => {
    const location = show({
      type: 'location',
      location: { latitude: 52.52, longitude: 13.405, name: 'TV tower', live: true },
    });
    expect(location.text).toBe('📍 Live location: TV tower (52.52000, 13.40500)');
    expect(location.link?.href).toContain('mlat=52.52&mlon=13.405');
    expect(show({ type: 'contact', contacts: [{ name: 'Ada', phone: '15550003333', vcard: '' }] }).text).toBe(
      '👤 Contact: Ada (+15550003333)',
    );
    const poll = show({
      type: 'poll',
      poll: {
        name: 'Lunch?',
        options: ['Pizza', 'Salad'],
        selectableCount: 1,
        votes: [
          { option: 'Pizza', count: 2, voters: ['a', 'b'] },
          { option: 'Salad', count: 0, voters: [] },
        ],
      },
    });
    expect(poll.text).toBe('📊 Poll: Lunch? — Pizza (2) · Salad (0) (pick one)');
    const vote = (options: string[]) =>
      show({ type: 'poll_vote', fromMe: true, pollVote: { pollMessageId: 'P1', options } }).text;
    expect(vote(['Pizza', 'Salad'])).toBe('🗳 Voted: Pizza, Salad');
    expect(vote([])).toBe('🗳 Withdrew a vote');
  });

  it('notes: forwarded, button choice, reply, edited, deleted, and the raw content of unsupported ones', () => {
    expect(
      show({ text: 'Yes', selectedId: 'btn-yes', forwarded: true, editedAt: 5, deletedAt: 6 }).notes,
    ).toEqual(['Forwarded', 'Chose: btn-yes', 'Edited', 'Deleted by the sender']);
    const unsupported = show({ type: 'unsupported', raw: '{"eventMessage":{}}' });
    expect(unsupported.text).toMatch(/cannot show/);
    expect(unsupported.notes).toEqual(['{"eventMessage":{}}']);
  });
});
