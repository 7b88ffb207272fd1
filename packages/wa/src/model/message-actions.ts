import type { MediaKind, OutboundMedia } from './message.js';
import type { MessageContact, MessageLocation } from './message-parts.js';

/**
 * What a forwarded message carries, read from the stored original: its text, its stored media
 * (re-used, not fetched again), a location or contact cards. An engine that still holds the
 * original's own content (Baileys) forwards that instead, so media is not even re-uploaded.
 */
export type ForwardContent =
  | { type: 'text'; text: string }
  | { type: MediaKind; media: OutboundMedia; caption?: string; ptt?: boolean }
  | { type: 'location'; location: MessageLocation }
  | { type: 'contact'; contacts: MessageContact[] };

/** Edit and forward as outbound messages (each goes out under its own new message id). */
export type OutboundAction =
  /** Replaces the text (or caption) of `targetMessageId`, a message this account sent to `to`. */
  | { kind: 'edit'; targetMessageId: string; text: string }
  /** Sends a copy of `sourceMessageId` (any chat of this account) to `to`, marked forwarded. */
  | { kind: 'forward'; sourceMessageId: string; content: ForwardContent };
