/** Whether one phone number is on WhatsApp, as the network answered. */
export interface NumberCheck {
  /** The phone JID that was asked about (`919876543210@s.whatsapp.net`). */
  jid: string;
  exists: boolean;
  /** The JID WhatsApp knows the number by, when it exists (may differ in form from `jid`). */
  resolvedJid?: string;
}

/** What WhatsApp tells anyone about a contact (subject to the contact's privacy settings). */
export interface ContactProfile {
  /** The contact's "about" text. */
  about?: string;
  /** A short-lived URL of the contact's profile picture. */
  pictureUrl?: string;
  isBusiness?: boolean;
}

/**
 * A contact as the account's phone knows it: the name the owner saved it under in the address
 * book (synced to linked devices), and a business's verified name. `jid` is a phone JID.
 */
export interface ContactNames {
  jid: string;
  name?: string;
  verifiedName?: string;
}

/** The account's own name and about text; absent fields stay as they are. */
export interface OwnProfileUpdate {
  name?: string;
  about?: string;
}

/** Stages of a call as WhatsApp reports them to the callee. */
export type CallStatus = 'offer' | 'ringing' | 'timeout' | 'reject' | 'accept' | 'terminate';

/** An incoming call (or a later stage of it) on one account. */
export interface IncomingCall {
  callId: string;
  /** The caller's JID. */
  from: string;
  isVideo: boolean;
  status: CallStatus;
  /** ms since epoch */
  timestamp: number;
}

/**
 * Contacts, calls and the own profile of one open session. Every method throws NotConnectedError
 * when the session is not open, and ActionRefusedError when WhatsApp answers with an error.
 */
export interface ContactsSession {
  /** One answer per phone JID, in the order asked (one network query for all of them). */
  checkNumbers(jids: readonly string[]): Promise<NumberCheck[]>;
  /** About text, picture URL and business flag of a contact, fetched live. */
  fetchProfile(jid: string): Promise<ContactProfile>;
  setBlocked(jid: string, blocked: boolean): Promise<void>;
  updateProfile(update: OwnProfileUpdate): Promise<void>;
  /** Sets the own profile picture from image bytes (JPEG/PNG/WebP; the engine resizes). */
  updateProfilePicture(image: Buffer): Promise<void>;
  rejectCall(callId: string, from: string): Promise<void>;
}
