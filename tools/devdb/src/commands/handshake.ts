import type { Document } from 'bson';
import type { CommandContext } from './context.js';

/** What a standalone mongod 7.0 advertises; no compression, no topologyVersion (so drivers poll). */
export const LIMITS = {
  maxBsonObjectSize: 16 * 1024 * 1024,
  maxMessageSizeBytes: 48_000_000,
  maxWriteBatchSize: 100_000,
} as const;

const VERSION = '7.0.0-devdb';

/** hello / isMaster: a writable standalone primary. */
export function hello(_command: Document, context: CommandContext): Document {
  return {
    helloOk: true,
    ismaster: true,
    isWritablePrimary: true,
    ...LIMITS,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId: context.connectionId,
    minWireVersion: 0,
    maxWireVersion: 21,
    readOnly: false,
    ok: 1,
  };
}

export function buildInfo(): Document {
  return {
    version: VERSION,
    gitVersion: 'devdb',
    versionArray: [7, 0, 0, 0],
    bits: 64,
    debug: false,
    maxBsonObjectSize: LIMITS.maxBsonObjectSize,
    storageEngines: ['devdb'],
    modules: [],
    ok: 1,
  };
}

export function hostInfo(): Document {
  return {
    system: { currentTime: new Date(), hostname: 'devdb', cpuArch: process.arch },
    os: { type: process.platform },
    extra: {},
    ok: 1,
  };
}

export function getCmdLineOpts(): Document {
  return { argv: ['devdb'], parsed: {}, ok: 1 };
}

/** getParameter answers the few parameters clients ask about; unknown ones are an error like mongod. */
export function getParameter(command: Document): Document {
  const known: Document = { featureCompatibilityVersion: { version: '7.0' }, authenticationMechanisms: [] };
  const reply: Document = {};
  const wanted =
    command.getParameter === '*'
      ? Object.keys(known)
      : Object.keys(command).filter(
          (key) => key !== 'getParameter' && !key.startsWith('$') && key !== 'lsid',
        );
  for (const key of wanted) if (key in known) reply[key] = known[key];
  reply.ok = 1;
  return reply;
}

export const ok = (): Document => ({ ok: 1 });

export function whatsMyUri(_command: Document, context: CommandContext): Document {
  return { you: `connection ${context.connectionId}`, ok: 1 };
}

export function connectionStatus(): Document {
  return { authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] }, ok: 1 };
}
