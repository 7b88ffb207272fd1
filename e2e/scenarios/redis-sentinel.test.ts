import { describe, expect, it, onTestFinished } from 'vitest';
import { useE2eStack } from '../support/e2e-stack.js';
import { killWorkerThenPrimaryUnderTraffic } from '../support/redis-failover.js';
import { runReferenceWorkflow } from '../support/reference-workflow.js';
import { startWebhookSink } from '../support/webhook-sink.js';

// One stack on Redis Sentinel (primary + replica + 3 sentinels) started by the test, every process configured through
// REDIS_SENTINELS and REDIS_SENTINEL_NAME. One test in the file, so a retry gets a fresh stack (see useE2eStack).
describe('on Redis sentinel', () => {
  const e2e = useE2eStack({ REDIS_WAIT_REPLICAS: '1' }, undefined, 'sentinel');

  it('runs the reference workflow, then loses no send when a session worker and then the Redis primary are killed with -9 mid-traffic', async () => {
    const stack = e2e();
    // Its own receiver per attempt: a retry on a fresh stack must not see the first run's deliveries.
    const sink = await startWebhookSink();
    onTestFinished(() => sink.close());
    await runReferenceWorkflow(stack.api, sink);
    const times = await killWorkerThenPrimaryUnderTraffic(stack, 'sentinel');
    expect(times.primaryKillToReplicaPromotedMs).toBeGreaterThan(0);
  });
});
