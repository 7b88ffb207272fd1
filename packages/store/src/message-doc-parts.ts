/**
 * Typed content of stored messages beyond text and media. The engine port has the same shapes
 * (`@wildcat/wa` message-parts); the store keeps its own copy because it depends on no workspace.
 */

export interface StoredLocation {
  latitude: number;
  longitude: number;
  name?: string;
  address?: string;
  /** A live location share (its first position). */
  live?: boolean;
}

export interface StoredContact {
  name: string;
  phone?: string;
  vcard: string;
}

/** One option's current votes: each voter counts once, with their latest choice. */
export interface StoredPollTally {
  option: string;
  count: number;
  voters: string[];
}

export interface StoredPoll {
  name: string;
  options: string[];
  selectableCount: number;
  /** Current tally, one entry per option in `options` order; absent until the first vote. */
  votes?: StoredPollTally[];
}
