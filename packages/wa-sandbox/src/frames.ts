import type {
  CallStatus,
  ContactNames,
  GroupEvent,
  MessageContact,
  MessageLocation,
  MessagePoll,
  ReceiptStatus,
} from '@wildcat/wa';

/** Message bodies as they travel through the sandbox network (JSON in Redis). */
export type WireBody =
  | { type: 'text'; text: string; selectedId?: string }
  | {
      type: 'image' | 'video' | 'audio' | 'document' | 'sticker';
      blobId: string;
      length: number;
      mimetype: string;
      fileName?: string;
      caption?: string;
      ptt?: boolean;
    }
  | { type: 'reaction'; targetId: string; emoji: string }
  | { type: 'revoke'; targetId: string }
  | { type: 'edit'; targetId: string; text: string }
  | { type: 'location'; location: MessageLocation }
  | { type: 'contact'; contacts: MessageContact[] }
  | { type: 'poll'; poll: MessagePoll }
  /** What a real phone could send that the model has no shape for (tests of the no-drop rule). */
  | { type: 'unsupported'; raw: string }
  /** A vote in the clear: the sandbox has no encryption, so option names travel as they are. */
  | { type: 'poll-vote'; pollId: string; options: string[] };

/** Entries of an account's inbox list. */
export type InboxFrame =
  | {
      k: 'msg';
      id: string;
      /** Sender's phone JID and account id (for receipts). */
      from: string;
      fromAccount: string;
      ts: number;
      pushName?: string;
      quoted?: string;
      forwarded?: boolean;
      mentions?: string[];
      /** A group message: the group JID (`from` is the member who wrote). */
      group?: string;
      body: WireBody;
    }
  | { k: 'receipt'; id: string; from: string; chatId: string; status: ReceiptStatus; ts: number }
  /** A stage of a call: `from` is the other party's JID (the caller for an offer). */
  | { k: 'call'; id: string; from: string; isVideo: boolean; status: CallStatus; ts: number }
  | { k: 'group'; event: GroupEvent }
  /** The account's phone synced address-book names (its owner saved contacts). */
  | { k: 'contacts'; contacts: ContactNames[] };

/** Pub/sub frames on an account's channel. `inbox` is sent as the bare string. */
export type ControlFrame =
  | { t: 'scan'; ref: string; jid: string; pushName: string }
  | { t: 'disconnect'; code: number }
  | { t: 'replaced'; socketId: string };

export const INBOX_NOTICE = 'inbox';

/** What scanSandboxQr finds under the account's QR key. */
export interface PendingQr {
  ref: string;
  socketId: string;
  phone?: string;
}

/** What the sandbox keeps as credentials through the auth-state adapter. */
export interface SandboxCreds {
  platform: 'wildcat-sandbox';
  registered: true;
  me: { id: string; name?: string };
}
