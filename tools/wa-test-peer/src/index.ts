import { EventEmitter } from 'node:events';
import { WebSocketServer } from 'ws';
import { buildNoiseIdentity, installTestRoot } from './certificates.js';
import { PeerConnection } from './connection.js';
import { ContactsDirectory } from './contacts.js';
import { OfflineQueue, type PeerContext } from './context.js';
import { startMediaServer } from './media-server.js';
import { MediaStore } from './media-store.js';
import { PeerState } from './peer-state.js';
import { createTestTlsCert } from './tls-cert.js';
import { WaPeer } from './wa-peer.js';

export type { AppStateKey, AppStatePatch } from './app-state.js';
export { installTestRoot } from './certificates.js';
export type { CallReject, ContactsDirectory, PeerProfile } from './contacts.js';
export type { PeerGroupsApi } from './group-api.js';
export type { GroupRole, PeerGroup } from './groups.js';
export type { ReceivedMessage } from './messages.js';
export {
  decryptVote,
  encryptVote,
  optionHash,
  type PeerPollVote,
  type PollVoteContext,
  pollVoteMessage,
} from './poll-vote.js';
export type { PeerMediaKind, PeerMediaOptions } from './send-media.js';
export { type KickCode, WaPeer } from './wa-peer.js';

/** Options for {@link startWaPeer}. */
export interface WaPeerOptions {
  /** WebSocket port on 127.0.0.1 (default: a free port chosen by the kernel). */
  port?: number;
  /** Directory for the peer's state file; omit for an in-memory peer that forgets everything on close. */
  stateDir?: string;
  /**
   * Install the peer's test root as `WA_CERT_DETAILS.PUBLIC_KEY` of the Baileys module in this
   * process (default true). Needed once per process for Baileys to accept the noise certificate.
   */
  installTestRoot?: boolean;
}

/** Starts the peer: WebSocket server and HTTPS media host, both on 127.0.0.1 only. */
export async function startWaPeer(options: WaPeerOptions = {}): Promise<WaPeer> {
  const state = new PeerState(options.stateDir);
  if (options.installTestRoot !== false) installTestRoot(state.data.rootKey.public);
  const wss = new WebSocketServer({ host: '127.0.0.1', port: options.port ?? 0 });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });
  const tls = createTestTlsCert();
  const media = new MediaStore();
  const mediaServer = await startMediaServer(media, tls);
  const ctx: PeerContext = {
    state,
    identity: buildNoiseIdentity(state.data.rootKey, state.data.staticKey),
    events: new EventEmitter(), // replaced below: the WaPeer itself is the event channel
    connections: new Set(),
    media,
    offline: new OfflineQueue(),
    contacts: new ContactsDirectory(),
    mediaHost: () => mediaServer.host,
  };
  const peer = new WaPeer(ctx, wss, mediaServer, tls);
  ctx.events = peer;
  wss.on('connection', (ws) => new PeerConnection(ctx, ws));
  return peer;
}
