import { Job, type JobsOptions, type Queue } from 'bullmq';
import { Packr } from 'msgpackr';

// BullMQ's own packer settings (bullmq/dist/esm/classes/scripts.js): its scripts unpack with them.
const packer = new Packr({ useRecords: false, encodeUndefinedAsNil: true });

/** Options addStandardJob does not carry out: they need BullMQ's other add scripts. */
const OTHER_SCRIPTS: ReadonlyArray<keyof JobsOptions> = [
  'delay',
  'priority',
  'parent',
  'repeat',
  'deduplication',
  'debounce',
];

/**
 * Writes the three arguments of BullMQ's addStandardJob for jobs of one name and one set of
 * options, as `queue.add` would pass them, without building a Job, a Command and a MULTI per job
 * (together the largest part of the gateway's CPU per send). The options are normalised by
 * BullMQ's own Job constructor once; only the job id, payload and timestamp change per job.
 */
export interface StandardJobEncoder {
  /** KEYS[1..9] of addStandardJob for this queue. */
  readonly queueKeys: readonly string[];
  /** ARGV[1..3] of addStandardJob: packed arguments, the payload as JSON, packed options. */
  encode(jobId: string, payload: unknown, timestamp: number): [Buffer, string, Buffer];
}

export function standardJobEncoder(queue: Queue, jobName: string, options: JobsOptions): StandardJobEncoder {
  const unsupported = OTHER_SCRIPTS.filter((option) => options[option] !== undefined);
  if (unsupported.length > 0)
    throw new Error(`standard jobs cannot have ${unsupported.join(', ')}: use queue.add for those`);
  const opts = Job.optsAsJSON(new Job(queue, jobName, {}, { ...options, jobId: '' }).opts);
  const keys = queue.keys;
  return {
    queueKeys: [
      keys.wait,
      keys.paused,
      keys.meta,
      keys.id,
      keys.completed,
      keys.delayed,
      keys.active,
      keys.events,
      keys.marker,
    ] as string[],
    encode(jobId, payload, timestamp) {
      const args = [keys[''], jobId, jobName, timestamp, null, null, undefined, undefined, null];
      return [
        packer.pack(args),
        JSON.stringify(payload === undefined ? {} : payload),
        packer.pack({ ...opts, jobId }),
      ];
    },
  };
}
