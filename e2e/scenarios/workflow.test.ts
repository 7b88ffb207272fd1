import { afterAll, beforeAll, describe, it } from 'vitest';
import { useE2eStack } from '../support/e2e-stack.js';
import { runReferenceWorkflow } from '../support/reference-workflow.js';
import { startWebhookSink, type WebhookSink } from '../support/webhook-sink.js';

// The reference's whole workflow, one step after another, every call to the next gateway in turn.
describe('the reference workflow through alternating gateways', () => {
  const e2e = useE2eStack();
  let sink: WebhookSink;
  beforeAll(async () => {
    sink = await startWebhookSink();
  });
  afterAll(() => sink?.close());

  it('creates, pairs, sends every kind, reads, reconnects and deletes', async () => {
    await runReferenceWorkflow(e2e().api, sink);
  });
});
