import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { BackendUnavailableError } from '../../errors/backend-unavailable-error.js';
import { fleetTrafficReader } from '../../services/fleet-traffic.js';
import { fleetTrafficSchema } from './traffic-schema.js';

/** GET /fleet/traffic: the overview's charts and worst webhooks. Admin keys only. */
export default async function fleetTrafficRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { store, redis } = fastify;
  const traffic = fleetTrafficReader({ store, redis });
  app.get('/fleet/traffic', { schema: fleetTrafficSchema }, () => {
    // Without Redis every series would read as zero traffic: say Redis is away instead.
    if (redis.status !== 'ready') throw new BackendUnavailableError('redis');
    return traffic();
  });
}
