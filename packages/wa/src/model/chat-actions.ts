/** Presence an account announces: online/offline, or a chat state shown to one chat. */
export type PresenceState = 'available' | 'unavailable' | 'composing' | 'recording' | 'paused';

/** A message to acknowledge as read; `from` is its author, which group receipts must name. */
export interface ReadTarget {
  id: string;
  from?: string;
}
