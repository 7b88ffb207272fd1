import { Cluster, type ClusterNode, type ClusterOptions } from 'ioredis';

/** How often one client of a process re-reads the slot map (ioredis' per-client default). */
export const SLOT_REFRESH_INTERVAL_MS = 5_000;
/** Slot map changes seen closer together than this reach the other clients once, at the end. */
const BROADCAST_SPACING_MS = 1_000;

/** The slot map as ranges of one owner list each; equal maps give equal strings. */
function slotMapSignature(slots: readonly (readonly string[] | undefined)[]): string {
  const ranges: string[] = [];
  let previous: readonly string[] | undefined;
  let previousOwners: string | undefined;
  for (let slot = 0; slot < 16_384; slot++) {
    const entry = slots[slot];
    // ioredis gives every slot of a range the same array: join once per range, not per slot.
    if (slot > 0 && entry === previous) continue;
    previous = entry;
    // The master first, then its replicas in any order (nodes may list them differently).
    const owners = entry ? [entry[0], ...entry.slice(1).sort()].join(',') : '';
    if (owners !== previousOwners) ranges.push(`${slot}=${owners}`);
    previousOwners = owners;
  }
  return ranges.join(' ');
}

/**
 * The Cluster clients of one process and cluster, sharing one periodic slot refresh. ioredis
 * refreshes every client's slot map on its own timer, each time over a new connection (connect,
 * CLIENT SETNAME, CLUSTER SLOTS); BullMQ duplicates a client per worker, so a session worker
 * with 64 of them asked ≈ 13 times a second. Here one member refreshes per interval, and a
 * changed map, seen by that refresh or by any member's own (ioredis refreshes a client after a
 * MOVED, a CLUSTERDOWN or a closed connection), makes every other member refresh at once (at
 * most once a second while the map still moves): a failover reaches an idle client within one
 * interval, as its own timer did, or sooner when a busy client ran into it first.
 */
export class SlotRefreshGroup {
  private readonly members = new Set<Cluster>();
  private known: string | undefined;
  private turn = 0;
  private timer: NodeJS.Timeout | undefined;
  private lastBroadcast = 0;
  private pending: NodeJS.Timeout | undefined;

  constructor(private readonly intervalMs = SLOT_REFRESH_INTERVAL_MS) {}

  add(cluster: Cluster): void {
    // Members leave when they end and come back if reconnected (BullMQ reconnects ended clients).
    const join = () => {
      this.members.add(cluster);
      this.timer ??= setInterval(() => this.refreshOne(), this.intervalMs).unref();
    };
    // Joining on connect: a lazy client that is never connected never holds the group's timer.
    cluster.on('connecting', join);
    cluster.on('refresh', () => this.refreshed(cluster));
    cluster.on('end', () => {
      this.members.delete(cluster);
      if (this.members.size > 0) return;
      clearInterval(this.timer);
      this.timer = undefined;
    });
  }

  private ready(): Cluster[] {
    return [...this.members].filter((member) => member.status === 'ready');
  }

  /** Round robin, so one client whose connections are stuck does not blind the others. */
  private refreshOne(): void {
    const ready = this.ready();
    if (ready.length === 0) return;
    ready[this.turn++ % ready.length]?.refreshSlotsCache();
  }

  private refreshed(from: Cluster): void {
    const signature = slotMapSignature(from.slots);
    if (signature === this.known) return;
    const first = this.known === undefined;
    this.known = signature;
    // The first map any member read is every member's own first map too: nothing to tell.
    if (!first) this.broadcast(from);
  }

  private broadcast(from: Cluster): void {
    if (this.pending) return;
    const wait = this.lastBroadcast + BROADCAST_SPACING_MS - Date.now();
    if (wait > 0) {
      this.pending = setTimeout(() => {
        this.pending = undefined;
        this.broadcast(from);
      }, wait).unref();
      return;
    }
    this.lastBroadcast = Date.now();
    for (const member of this.ready()) if (member !== from) member.refreshSlotsCache();
  }
}

const groups = new Map<string, SlotRefreshGroup>();

/** The process-wide group of the cluster these seed nodes belong to. */
export function slotRefreshGroup(seeds: readonly ClusterNode[], options: ClusterOptions): SlotRefreshGroup {
  const key = `${JSON.stringify(seeds)} ${options.redisOptions?.username ?? ''}`;
  let group = groups.get(key);
  if (!group) {
    group = new SlotRefreshGroup();
    groups.set(key, group);
  }
  return group;
}

/**
 * A Cluster client in its process's SlotRefreshGroup instead of on a timer of its own; its
 * duplicates (BullMQ's blocking connections) join the same group.
 */
export class GroupRefreshedCluster extends Cluster {
  constructor(
    private readonly seeds: ClusterNode[],
    options: ClusterOptions,
    readonly slotGroup: SlotRefreshGroup = slotRefreshGroup(seeds, options),
  ) {
    super(seeds, { ...options, slotsRefreshInterval: 0 });
    slotGroup.add(this);
  }

  override duplicate(overrideSeeds: ClusterNode[] = [], overrideOptions: ClusterOptions = {}): Cluster {
    const seeds = overrideSeeds.length > 0 ? overrideSeeds : this.seeds.slice(0);
    return new GroupRefreshedCluster(seeds, { ...this.options, ...overrideOptions }, this.slotGroup);
  }
}
