// Response shapes of the gateway routes the console uses (see /docs for the full contract).

export type AccountStatus = 'connecting' | 'connected' | 'reconnecting' | 'logged_out' | 'not_started';

export interface Account {
  _id: string;
  name: string;
  collectionName: string;
  status: AccountStatus;
  currentStatus: AccountStatus;
  hasQR: boolean;
  createdAt: string;
  jid?: string;
  pushName?: string;
}

export interface Chat {
  chatId: string;
  name?: string;
  unreadCount: number;
  lastMessageTime: number;
}

export interface Message {
  messageId: string;
  from: string;
  chatId?: string;
  timestamp: number;
  type: string;
  fromMe: boolean;
  status?: string;
  text?: string;
  caption?: string;
  hasMedia?: boolean;
  mediaId?: string;
  fileName?: string;
  quotedMessageId?: string;
  emoji?: string;
  deletedAt?: number;
  editedAt?: number;
  location?: { latitude: number; longitude: number; name?: string; address?: string; live?: boolean };
  contacts?: { name: string; phone?: string; vcard: string }[];
  poll?: {
    name: string;
    options: string[];
    selectableCount: number;
    votes?: { option: string; count: number; voters: string[] }[];
  };
  /** This account's own vote (type poll_vote): the poll and the option names picked. */
  pollVote?: { pollMessageId: string; options: string[] };
  selectedId?: string;
  forwarded?: boolean;
  participant?: string;
  raw?: string;
}

export interface Webhook {
  id: string;
  url: string;
  accountId: string | null;
  events: string[] | null;
  enabled: boolean;
  createdAt: string;
  disabledReason?: string;
  hasSecret?: boolean;
}

export interface Delivery {
  id: string;
  eventId: string;
  eventType: string;
  status: string;
  attempts: number;
  lastStatusCode?: number;
  lastError?: string;
  createdAt?: string;
  updatedAt?: string;
}

/** One live event as the gateway streams it (`{id, type, accountId, timestamp, data}`). */
export interface LiveEvent {
  id: string;
  type: string;
  accountId: string;
  timestamp: number;
  data: Record<string, unknown>;
}

export const EVENT_TYPES = [
  'message',
  'message.ack',
  'message.reaction',
  'message.deleted',
  'message.edited',
  'message.revoked',
  'poll.vote',
  'account.status',
  'account.qr',
  'group.participants',
  'group.updated',
  'call',
] as const;
