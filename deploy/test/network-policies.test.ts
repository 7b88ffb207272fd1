import { afterAll, describe, expect, it } from 'vitest';
import type { K8sObject } from '../lib/kustomize.js';
import { apps } from './helpers.js';
import { type Deployment, find, matches, removeWorkdir, renders } from './k8s-helpers.js';

afterAll(removeWorkdir);

interface Port {
  port: number | string;
  protocol?: string;
}
interface Peer {
  ipBlock?: { cidr: string; except?: string[] };
  podSelector?: unknown;
  namespaceSelector?: unknown;
}
interface Rule {
  to?: Peer[];
  from?: Peer[];
  ports?: Port[];
}
interface NetworkPolicy extends K8sObject {
  spec: {
    podSelector: { matchLabels: Record<string, string> };
    policyTypes: string[];
    ingress?: Rule[];
    egress?: Rule[];
  };
}

const ipv4 = (address: string) => address.split('.').reduce((n, part) => n * 256 + Number(part), 0);
function inCidr(address: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  if (!base?.includes('.') || !address.includes('.')) return false;
  const size = 2 ** (32 - Number(bits));
  return Math.floor(ipv4(address) / size) === Math.floor(ipv4(base) / size);
}

/** Whether an egress rule lets a pod reach `address` on `port` (TCP). */
function allows(rule: Rule, address: string, port: number): boolean {
  const portOk = !rule.ports?.length || rule.ports.some((entry) => Number(entry.port) === port);
  if (!portOk) return false;
  if (!rule.to?.length) return true;
  return rule.to.some((peer) => {
    if (!peer.ipBlock) return true; // a selector peer: in-cluster pods
    const { cidr, except = [] } = peer.ipBlock;
    return inCidr(address, cidr) && !except.some((range) => inCidr(address, range));
  });
}

/** Cluster-internal and other non-internet addresses: pod and service ranges, node networks, metadata. */
const INTERNAL = [
  '10.96.0.1',
  '10.244.3.7',
  '172.20.0.10',
  '192.168.1.20',
  '169.254.169.254',
  '100.64.0.1',
  '127.0.0.1',
];
const PUBLIC = '93.184.216.34';
const INTERNAL_V6 = ['::1/128', '::ffff:0:0/96', '64:ff9b::/96', '64:ff9b:1::/48', 'fc00::/7', 'fe80::/10'];
/** Ports an app may reach on any address: DNS, Redis, MongoDB. */
const SERVICE_PORTS = [53, 6379, 6380, 27017];

describe.each(Object.entries(renders))('%s NetworkPolicies', (_overlay, objects) => {
  const policies = objects.filter((object) => object.kind === 'NetworkPolicy') as NetworkPolicy[];

  describe.each(apps)('$app', ({ app }) => {
    const pods = find<Deployment>(objects, 'Deployment', app).spec.template;
    const mine = policies.filter((policy) =>
      matches(policy.spec.podSelector.matchLabels, pods.metadata.labels),
    );
    const policy = mine[0]!;
    const egress = policy?.spec.egress ?? [];

    it('has one NetworkPolicy that isolates its pods both ways', () => {
      expect(mine).toHaveLength(1);
      expect([...policy.spec.policyTypes].sort()).toEqual(['Egress', 'Ingress']);
    });

    it('lets in only the ports its container listens on', () => {
      const listening = (pods.spec.containers[0]!.ports ?? []).map((entry) => entry.containerPort).sort();
      const allowed = (policy.spec.ingress ?? []).flatMap((rule) =>
        (rule.ports ?? []).map((p) => Number(p.port)),
      );
      expect([...new Set(allowed)].sort()).toEqual(listening);
      for (const rule of policy.spec.ingress ?? [])
        expect(rule.ports?.length, 'an ingress rule without ports').toBeGreaterThan(0);
    });

    it('reaches DNS, Redis and MongoDB', () => {
      for (const port of SERVICE_PORTS)
        expect(
          egress.some((rule) => allows(rule, '10.96.0.10', port)),
          String(port),
        ).toBe(true);
    });

    it('reaches no cluster-internal address except on the DNS, Redis and MongoDB ports', () => {
      for (const address of INTERNAL) {
        for (const port of [80, 443, 3000, 8080, 9464, 10250, 2379]) {
          expect(
            egress.some((rule) => allows(rule, address, port)),
            `${address}:${port}`,
          ).toBe(false);
        }
      }
      for (const rule of egress) {
        for (const peer of rule.to ?? []) {
          expect(peer.podSelector ?? peer.namespaceSelector, 'a selector peer').toBeUndefined();
          if (peer.ipBlock?.cidr === '::/0')
            expect(peer.ipBlock.except).toEqual(expect.arrayContaining(INTERNAL_V6));
        }
      }
    });

    it('reaches the internet only where it must', () => {
      const internet = (port: number) => egress.some((rule) => allows(rule, PUBLIC, port));
      if (app === 'gateway') {
        expect(internet(443)).toBe(false);
        expect(internet(8080)).toBe(false);
      }
      if (app === 'session-worker') {
        expect(internet(443)).toBe(true); // WhatsApp
        expect(internet(8080)).toBe(false);
      }
      if (app === 'webhook-worker') {
        expect(internet(443)).toBe(true);
        expect(internet(8443)).toBe(true); // a receiver may listen on any port
      }
    });
  });
});
