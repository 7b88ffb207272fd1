import {
  groupInviteResultSchema,
  groupJoinResultSchema,
  groupParticipantsResultSchema,
  groupResultSchema,
  inviteUrl,
} from '@wildcat/jobs';
import { groupResultOf } from '@wildcat/store';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HttpError } from '../../errors/http-error.js';
import { requireAccount } from '../../services/require-account.js';
import { runGroupJob } from './group-job.js';
import {
  createGroupSchema,
  getGroupSchema,
  inviteSchema,
  joinGroupSchema,
  leaveGroupSchema,
  listGroupsSchema,
  participantsSchema,
  revokeInviteSchema,
  updateGroupSchema,
} from './schema.js';

const withGroup = z.object({ group: groupResultSchema });

/**
 * Groups under /accounts/:accountId. Reads come from the stored copy the owning worker keeps
 * current from WhatsApp's group notifications; actions run on that worker as control jobs.
 */
export default async function groupRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { store } = fastify;
  const base = '/accounts/:accountId/groups';

  app.post(base, { schema: createGroupSchema }, async (request, reply) => {
    const { accountId } = request.params;
    const { subject, participants } = request.body;
    const { group } = await runGroupJob(
      fastify,
      { accountId, action: 'group-create', subject, participants },
      withGroup,
    );
    return reply.code(201).send({ ok: true as const, group });
  });

  app.get(base, { schema: listGroupsSchema }, async (request) => {
    const { accountId } = request.params;
    await requireAccount(store, accountId);
    const groups = await store.groups.list(accountId, {
      limit: Math.min(request.query.limit, 500),
      skip: request.query.skip,
    });
    return { ok: true as const, groups: groups.map(groupResultOf) };
  });

  app.get(`${base}/:groupId`, { schema: getGroupSchema }, async (request) => {
    const { accountId, groupId } = request.params;
    if (request.query.refresh === 'true') {
      const { group } = await runGroupJob(
        fastify,
        { accountId, action: 'group-metadata', groupId },
        withGroup,
      );
      return { ok: true as const, group };
    }
    await requireAccount(store, accountId);
    const doc = await store.groups.get(accountId, groupId);
    if (!doc)
      throw new HttpError(
        404,
        'Group not found: this account is not in it (or use ?refresh=true to ask WhatsApp)',
      );
    return { ok: true as const, group: groupResultOf(doc) };
  });

  app.patch(`${base}/:groupId`, { schema: updateGroupSchema }, async (request) => {
    const { accountId, groupId } = request.params;
    const { group } = await runGroupJob(
      fastify,
      { accountId, action: 'group-update', groupId, ...request.body },
      withGroup,
    );
    return { ok: true as const, group };
  });

  app.post(`${base}/:groupId/participants`, { schema: participantsSchema }, async (request) => {
    const { accountId, groupId } = request.params;
    const { action, participants } = request.body;
    const { results } = await runGroupJob(
      fastify,
      { accountId, action: 'group-participants', groupId, change: action, participants },
      groupParticipantsResultSchema,
    );
    return { ok: true as const, results };
  });

  app.get(`${base}/:groupId/invite`, { schema: inviteSchema }, async (request) => {
    const { accountId, groupId } = request.params;
    const { code } = await runGroupJob(
      fastify,
      { accountId, action: 'group-invite', groupId },
      groupInviteResultSchema,
    );
    return { ok: true as const, code, url: inviteUrl(code) };
  });

  app.post(`${base}/:groupId/invite/revoke`, { schema: revokeInviteSchema }, async (request) => {
    const { accountId, groupId } = request.params;
    const { code } = await runGroupJob(
      fastify,
      { accountId, action: 'group-revoke-invite', groupId },
      groupInviteResultSchema,
    );
    return { ok: true as const, code, url: inviteUrl(code) };
  });

  app.post(`${base}/join`, { schema: joinGroupSchema }, async (request) => {
    const { accountId } = request.params;
    const { groupId } = await runGroupJob(
      fastify,
      { accountId, action: 'group-join', code: request.body.code },
      groupJoinResultSchema,
    );
    return { ok: true as const, groupId };
  });

  app.post(`${base}/:groupId/leave`, { schema: leaveGroupSchema }, async (request) => {
    const { accountId, groupId } = request.params;
    await runGroupJob(
      fastify,
      { accountId, action: 'group-leave', groupId },
      z.object({ left: z.literal(true) }),
    );
    return { ok: true as const };
  });
}
