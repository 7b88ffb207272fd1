export { type BaileysEngine, createBaileysEngine } from './baileys-engine.js';
export type { SendResultWithContent } from './baileys-session.js';
export { mapInbound } from './map-inbound.js';
export type { BaileysEngineOptions, MediaTransport } from './socket-config.js';
export { decodeContent, encodeContent, type StoredContent } from './stored-content.js';
