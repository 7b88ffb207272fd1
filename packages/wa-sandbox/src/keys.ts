/**
 * Redis keys of the sandbox network; all under `wc:{sbx}:` so a test or operator can find them.
 * One hash tag for the whole network: its scripts touch several accounts' keys at once, so on a
 * Redis Cluster they must share one slot (the sandbox is for development, one slot carries it).
 */
const P = 'wc:{sbx}:';

export const sandboxKeys = {
  /** Pending QR of an account: JSON { ref, socketId, phone? }, expires with the QR. */
  qr: (accountId: string) => `${P}qr:${accountId}`,
  /** Directory: phone JID → account id of the linked device. */
  jid: (jid: string) => `${P}jid:${jid}`,
  /** The phone JID an account got at its first pairing; re-pairing keeps the number. */
  number: (accountId: string) => `${P}number:${accountId}`,
  numberSeq: `${P}number-seq`,
  /** Live sockets of an account: hash socketId → Redis client id of the engine holding it. */
  sockets: (accountId: string) => `${P}sockets:${accountId}`,
  /** Frames waiting for an account (messages, receipts): a list drained in order. */
  inbox: (accountId: string) => `${P}inbox:${accountId}`,
  /** Pub/sub channel that wakes an account's socket (inbox, scan, injected disconnects). */
  channel: (accountId: string) => `${P}to:${accountId}`,
  channelPrefix: `${P}to:`,
  /** Dedupe of a message id per sender, as WhatsApp recipients dedupe resends of one id. */
  seen: (accountId: string, messageId: string) => `${P}seen:${accountId}:${messageId}`,
  /** Media bytes in flight between two sandbox accounts: a list of chunks with a TTL. */
  blob: (blobId: string) => `${P}blob:${blobId}`,
  /** JIDs an account has blocked: a set; their messages and calls do not reach it. */
  blocked: (accountId: string) => `${P}blocked:${accountId}`,
  /** A number's public profile: hash name, about, picture (base64), pictureType, business ('1'). */
  profile: (jid: string) => `${P}profile:${jid}`,
  /** An account's address book as its phone keeps it: hash phone JID → saved name. */
  addressBook: (accountId: string) => `${P}address-book:${accountId}`,
  /** A call placed in the sandbox: JSON { from, fromAccount, to, toAccount, isVideo }, short-lived. */
  call: (callId: string) => `${P}call:${callId}`,
  /** Network counters: conflicts (two live sockets of one account), duplicates (suppressed resends). */
  stats: `${P}stats`,
  /** The presence an account last announced: JSON { state, chatId?, ts }, kept a minute. */
  presence: (accountId: string) => `${P}presence:${accountId}`,
  /** When this key exists the network counts deliveries per (recipient, message id) in `rx`. */
  trace: `${P}trace`,
  rx: `${P}rx`,
  /** A group: hash subject, description, owner, creation, announce, locked, invite. */
  group: (groupId: string) => `${P}group:${groupId}`,
  /** A group's members: hash phone JID → role (member, admin, superadmin). */
  members: (groupId: string) => `${P}members:${groupId}`,
  /** Groups a phone JID is in: a set of group JIDs. */
  groupsOf: (jid: string) => `${P}groups-of:${jid}`,
  /** Invite code → group JID. */
  invite: (code: string) => `${P}invite:${code}`,
  groupSeq: `${P}group-seq`,
};
