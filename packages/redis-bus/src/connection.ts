/** The connection helpers alone (no job catalogue, no BullMQ at runtime), for the engine packages. */
export * from './cluster-slots.js';
export * from './cross-slot-pipeline.js';
export * from './redis-connection.js';
export * from './redis-target.js';
