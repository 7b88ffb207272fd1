import { z } from 'zod';
import { okFlag } from '../common-schema.js';

export const pingSchema = {
  tags: ['health'],
  summary: 'Server health check',
  response: { 200: z.object({ ok: okFlag, pong: z.literal(true), time: z.string().describe('ISO 8601') }) },
};

export const healthzSchema = {
  tags: ['health'],
  summary: 'Liveness: the process answers',
  response: { 200: z.object({ ok: okFlag }) },
};

const dependency = z.enum(['up', 'down']);
export const readyzSchema = {
  tags: ['health'],
  summary: 'Readiness: Redis and MongoDB reachable',
  response: {
    200: z.object({ ok: okFlag, redis: dependency, mongodb: dependency }),
    503: z.object({ ok: z.literal(false), error: z.string(), redis: dependency, mongodb: dependency }),
  },
};
