import type { VariableSpec } from './variable-spec.js';
import { coreVariables } from './variables-core.js';
import { gatewayHttpVariables } from './variables-gateway-http.js';
import { gatewayLimitsVariables } from './variables-gateway-limits.js';
import { redisTopologyVariables } from './variables-redis-topology.js';
import { sessionWorkerVariables } from './variables-session-worker.js';
import { toolsVariables } from './variables-tools.js';
import { webhookDeliveryVariables } from './variables-webhook-delivery.js';

export type { Consumer, VariableSpec } from './variable-spec.js';

/**
 * The one catalogue of environment variables, in the order the documentation lists them. Code
 * reads settings only through `loadConfig`; each group lives in its own file.
 */
export const variables = {
  ...coreVariables,
  ...redisTopologyVariables,
  ...gatewayHttpVariables,
  ...sessionWorkerVariables,
  ...webhookDeliveryVariables,
  ...gatewayLimitsVariables,
  ...toolsVariables,
} satisfies Record<string, VariableSpec>;

export type VariableName = keyof typeof variables;
