import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { buildConnector } from 'undici';
import { ForbiddenPortError } from './forbidden-port-error.js';
import { classifyAddress } from './ip-ranges.js';
import { UnsafeAddressError } from './unsafe-address-error.js';
import { bareHost, effectivePort, isPortAllowed } from './url-guard.js';

export interface GuardedConnectorOptions {
  /** WEBHOOK_ALLOW_PRIVATE_NETWORKS: connect anywhere. */
  allowPrivate: boolean;
  /** Connect timeout (WEBHOOK_TIMEOUT_MS). */
  timeoutMs: number;
  /** WEBHOOK_ALLOWED_PORTS: the only ports connected to; empty or absent = any. */
  allowedPorts?: readonly number[];
  /** Resolver, replaceable in tests; returns every address of the host. */
  resolve?: (host: string) => Promise<LookupAddress[]>;
}

function resolveWithDns(host: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => {
    dnsLookup(host, { all: true, verbatim: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    );
  });
}

/**
 * A `lookup` for net/tls.connect that drops forbidden addresses, so the socket can only ever
 * connect to an address that passed the check: the same resolution is checked and used, which
 * is what defeats DNS rebinding between a check and the connect.
 */
export function guardedLookup(resolve = resolveWithDns): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (answers) => {
        const family = options.family === 4 || options.family === 6 ? options.family : undefined;
        const usable = answers.filter(
          (answer) => (!family || answer.family === family) && !classifyAddress(answer.address),
        );
        const first = usable[0];
        if (!first) {
          const refused = answers[0];
          const error = refused
            ? new UnsafeAddressError(
                hostname,
                refused.address,
                classifyAddress(refused.address) ?? 'reserved',
              )
            : Object.assign(new Error(`no usable address for ${hostname}`), { code: 'ENOTFOUND' });
          callback(error as NodeJS.ErrnoException, '', 0);
          return;
        }
        if (options.all) callback(null, usable as unknown as string, 0);
        else callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}

/**
 * undici connector for webhook deliveries: IP-literal hosts are checked before connecting, names
 * go through `guardedLookup`, and the connected socket's remote address is checked once more.
 */
export function createGuardedConnector(options: GuardedConnectorOptions): buildConnector.connector {
  const checked = options.allowPrivate
    ? buildConnector({ timeout: options.timeoutMs })
    : addressGuarded(options);
  if (!options.allowedPorts?.length) return checked;
  // The port is checked at connect time too: a subscription stored before the allowlist was set,
  // or a changed allowlist, cannot reach a port it no longer allows.
  return (connectOptions, callback) => {
    const port = effectivePort(connectOptions.port, connectOptions.protocol);
    if (!isPortAllowed(port, options.allowedPorts)) {
      callback(new ForbiddenPortError(bareHost(connectOptions.hostname), port), null);
      return;
    }
    checked(connectOptions, callback);
  };
}

function addressGuarded(options: GuardedConnectorOptions): buildConnector.connector {
  const base = buildConnector({ timeout: options.timeoutMs, lookup: guardedLookup(options.resolve) });
  return (connectOptions, callback) => {
    const host = bareHost(connectOptions.hostname);
    if (isIP(host)) {
      const addressClass = classifyAddress(host);
      if (addressClass) {
        callback(new UnsafeAddressError(host, host, addressClass), null);
        return;
      }
    }
    base(connectOptions, (...args) => {
      const [error, socket] = args;
      if (error) {
        callback(error, null);
        return;
      }
      const remote = socket.remoteAddress ?? '';
      const addressClass = classifyAddress(remote);
      if (addressClass) {
        socket.destroy();
        callback(new UnsafeAddressError(host, remote, addressClass), null);
        return;
      }
      callback(null, socket);
    });
  };
}
