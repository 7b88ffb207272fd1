/**
 * Content shapes shared by inbound and outbound messages (and by the store's message document,
 * which copies them field for field), so a location or a poll is one shape end to end.
 */

/** A pinned or live location. */
export interface MessageLocation {
  latitude: number;
  longitude: number;
  name?: string;
  address?: string;
  /** A live location share (its first position; later updates are not tracked). */
  live?: boolean;
}

/** One contact card; `vcard` is the full vCard text as WhatsApp carries it. */
export interface MessageContact {
  name: string;
  /** First phone number read from the vCard (digits, as in a JID user part), when it has one. */
  phone?: string;
  vcard: string;
}

/**
 * A poll as created. The secret that decrypts its votes is NOT part of this shape: each engine
 * keeps it in the message's opaque `content` (Baileys: `messageContextInfo.messageSecret` of the
 * stored message), which the worker stores and hands back through ConnectOptions.getMessage.
 */
export interface MessagePoll {
  name: string;
  options: string[];
  /** How many options one voter may pick (WhatsApp: 0 means any number). */
  selectableCount: number;
}
