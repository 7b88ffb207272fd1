import { type Db, MongoClient } from 'mongodb';
import { afterAll, beforeAll } from 'vitest';
import { type RunningDevdb, startDevdb } from '../src/index.js';

export interface Harness {
  server: RunningDevdb;
  client: MongoClient;
  db: Db;
}

/** Starts a private server (free port) and a real driver client for one test file. */
export function useDevdb(dbName: string): Harness {
  const harness = {} as Harness;
  beforeAll(async () => {
    harness.server = await startDevdb({ quiet: true });
    harness.client = new MongoClient(`${harness.server.url}/${dbName}`, { serverSelectionTimeoutMS: 5000 });
    await harness.client.connect();
    harness.db = harness.client.db();
  });
  afterAll(async () => {
    await harness.client?.close();
    await harness.server?.close();
  });
  return harness;
}
