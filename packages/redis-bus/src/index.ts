export * from './access-revocations.js';
export * from './account-status.js';
export * from './channels.js';
export * from './event-publisher.js';
export * from './redis-connection.js';
export * from './redis-scripts.js';
export * from './send-backlog.js';
export * from './write-batcher.js';
