import { isIPv4, isIPv6 } from 'node:net';

/** Why an address may not receive webhooks; `undefined` from `classifyAddress` means public. */
export type ForbiddenClass =
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'cgnat'
  | 'unique-local'
  | 'metadata'
  | 'multicast'
  | 'reserved';

interface Range {
  bytes: number[];
  bits: number;
  label: ForbiddenClass;
}

function v4(cidr: string, label: ForbiddenClass): Range {
  const [address, bits] = cidr.split('/') as [string, string];
  return { bytes: address.split('.').map(Number), bits: Number(bits), label };
}

function v6(cidr: string, label: ForbiddenClass): Range {
  const [address, bits] = cidr.split('/') as [string, string];
  return { bytes: [...(parseIPv6(address) ?? [])], bits: Number(bits), label };
}

// Order matters: the first match names the class (metadata before link-local / unique-local).
const IPV4_RANGES: Range[] = [
  v4('169.254.169.254/32', 'metadata'),
  v4('0.0.0.0/8', 'unspecified'),
  v4('127.0.0.0/8', 'loopback'),
  v4('10.0.0.0/8', 'private'),
  v4('172.16.0.0/12', 'private'),
  v4('192.168.0.0/16', 'private'),
  v4('169.254.0.0/16', 'link-local'),
  v4('100.64.0.0/10', 'cgnat'),
  v4('192.0.0.0/24', 'reserved'),
  v4('192.0.2.0/24', 'reserved'), // TEST-NET-1
  v4('192.88.99.0/24', 'reserved'), // 6to4 relay anycast (deprecated)
  v4('198.18.0.0/15', 'reserved'), // benchmarking
  v4('198.51.100.0/24', 'reserved'), // TEST-NET-2
  v4('203.0.113.0/24', 'reserved'), // TEST-NET-3
  v4('224.0.0.0/4', 'multicast'),
  v4('240.0.0.0/4', 'reserved'),
];

const IPV6_RANGES: Range[] = [
  v6('::/128', 'unspecified'),
  v6('::1/128', 'loopback'),
  v6('fd00:ec2::254/128', 'metadata'),
  v6('fe80::/10', 'link-local'),
  v6('fec0::/10', 'private'),
  v6('fc00::/7', 'unique-local'),
  v6('ff00::/8', 'multicast'),
  v6('100::/64', 'reserved'),
  // Teredo hides an (obfuscated) IPv4 address; nothing legitimate posts webhooks through it.
  v6('2001::/32', 'reserved'),
  v6('2001:db8::/32', 'reserved'), // documentation
  v6('3fff::/20', 'reserved'), // documentation (RFC 9637)
  // Local-use NAT64 (RFC 8215): the IPv4 address may sit at any of several offsets, and the
  // translator is on the operator's own network; nothing public is behind it.
  v6('64:ff9b:1::/48', 'reserved'),
];

/** IPv6 prefixes that carry an IPv4 address, and where its four bytes sit. */
const EMBEDDED_IPV4: Array<{ prefix: Range; offset: number }> = [
  { prefix: v6('::ffff:0:0/96', 'reserved'), offset: 12 }, // IPv4-mapped
  { prefix: v6('::ffff:0:0:0/96', 'reserved'), offset: 12 }, // IPv4-translated (SIIT, RFC 2765)
  { prefix: v6('64:ff9b::/96', 'reserved'), offset: 12 }, // NAT64
  { prefix: v6('::/96', 'reserved'), offset: 12 }, // IPv4-compatible (deprecated)
  { prefix: v6('2002::/16', 'reserved'), offset: 2 }, // 6to4
];

function inRange(bytes: readonly number[], range: Range): boolean {
  let bits = range.bits;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if (((bytes[i] ?? 0) & mask) !== ((range.bytes[i] ?? 0) & mask)) return false;
  }
  return true;
}

export function parseIPv4(text: string): number[] | undefined {
  if (!isIPv4(text)) return undefined;
  return text.split('.').map(Number);
}

/** 16 bytes of an IPv6 address (zone id dropped, dotted IPv4 tail accepted). */
export function parseIPv6(input: string): number[] | undefined {
  let text = input.startsWith('[') && input.endsWith(']') ? input.slice(1, -1) : input;
  const zone = text.indexOf('%');
  if (zone !== -1) text = text.slice(0, zone);
  if (!isIPv6(text)) return undefined;
  const lastColon = text.lastIndexOf(':');
  const tail = parseIPv4(text.slice(lastColon + 1));
  if (tail) {
    const [a, b, c, d] = tail as [number, number, number, number];
    text = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', rest] = text.split('::');
  const headGroups = head ? head.split(':') : [];
  const restGroups = rest === undefined ? undefined : rest ? rest.split(':') : [];
  const groups =
    restGroups === undefined
      ? headGroups
      : [...headGroups, ...new Array(8 - headGroups.length - restGroups.length).fill('0'), ...restGroups];
  if (groups.length !== 8) return undefined;
  return groups.flatMap((group) => {
    const value = Number.parseInt(group, 16);
    return [value >> 8, value & 0xff];
  });
}

function classifyV4(bytes: readonly number[]): ForbiddenClass | undefined {
  return IPV4_RANGES.find((range) => inRange(bytes, range))?.label;
}

/**
 * The forbidden class of an IP address, or undefined for a public one. IPv6 forms that embed an
 * IPv4 address (mapped, NAT64, compatible, 6to4) are judged by the address they embed; anything
 * that is not an IP address at all is `reserved` (callers pass resolved addresses).
 */
export function classifyAddress(address: string): ForbiddenClass | undefined {
  const ipv4 = parseIPv4(address);
  if (ipv4) return classifyV4(ipv4);
  const ipv6 = parseIPv6(address);
  if (!ipv6) return 'reserved';
  const direct = IPV6_RANGES.find((range) => inRange(ipv6, range));
  if (direct) return direct.label;
  for (const { prefix, offset } of EMBEDDED_IPV4) {
    if (inRange(ipv6, prefix)) return classifyV4(ipv6.slice(offset, offset + 4)) ?? undefined;
  }
  return undefined;
}

export function isPublicAddress(address: string): boolean {
  return classifyAddress(address) === undefined;
}
