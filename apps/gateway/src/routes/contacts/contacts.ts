import {
  type ContactProfileResult,
  contactProfileResultSchema,
  contactsCheckResultSchema,
  toUserJid,
} from '@wildcat/jobs';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HttpError } from '../../errors/http-error.js';
import { assertAccountExists } from '../../services/answer-send.js';
import { type CachedCheck, createContactCache } from '../../services/contact-cache.js';
import { liveAction } from '../../services/live-action.js';
import { requireAccount } from '../../services/require-account.js';
import { blockSchema, checkSchema, getContactSchema } from './schema.js';

/** A phone number's user JID: what a number check asks about. */
const PHONE_JID = /^\d{7,20}@s\.whatsapp\.net$/;
const USER_JID = /^(?:\d{5,20}@s\.whatsapp\.net|\d{1,25}@lid)$/;

function phoneJidOf(input: string, index: number): string {
  const jid = toUserJid(input.trim());
  if (PHONE_JID.test(jid)) return jid;
  const shown = input.length > 40 ? `${input.slice(0, 40)}…` : input;
  throw new HttpError(
    400,
    `numbers[${index}] (${JSON.stringify(shown)}) is not a phone number: use digits with the country code, e.g. +91 98765 43210 or 919876543210`,
  );
}

function requireUserJid(jid: string): void {
  if (!USER_JID.test(jid))
    throw new HttpError(400, 'jid must be a person: a phone number, …@s.whatsapp.net or …@lid');
}

/**
 * POST /accounts/:accountId/contacts/check, GET /accounts/:accountId/contacts/:jid and
 * POST …/contacts/:jid/block|unblock. Look-ups read the per-account cache in Redis first and ask
 * the owning worker (a control job) only for what it lacks.
 */
export default async function contactRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { store, config } = fastify;
  const cache = createContactCache(fastify.redis, {
    checkMs: config.CONTACT_CHECK_CACHE_MS,
    profileMs: config.CONTACT_PROFILE_CACHE_MS,
  });

  app.post('/accounts/:accountId/contacts/check', { schema: checkSchema }, async (request) => {
    const { accountId } = request.params;
    const inputs = request.body.numbers;
    const jids = inputs.map(phoneJidOf);
    // The send path's briefly remembered lookup: a cached check then costs one MGET, no MongoDB.
    await assertAccountExists(fastify, accountId);
    const unique = [...new Set(jids)];
    const cached = await cache.readChecks(accountId, unique);
    const answers = new Map<string, CachedCheck>();
    unique.forEach((jid, index) => {
      const hit = cached[index];
      if (hit) answers.set(jid, hit);
    });
    const missing = unique.filter((jid) => !answers.has(jid));
    if (missing.length > 0) {
      const { results } = await liveAction(
        fastify,
        { accountId, action: 'contacts-check', jids: missing },
        contactsCheckResultSchema,
        'the number check',
      );
      const fresh = new Map<string, CachedCheck>();
      for (const result of results) {
        const answer = {
          exists: result.exists,
          ...(result.exists ? { jid: result.resolvedJid ?? result.jid } : {}),
        };
        fresh.set(result.jid, answer);
        answers.set(result.jid, answer);
      }
      await cache.writeChecks(accountId, fresh);
    }
    return {
      ok: true as const,
      results: inputs.map((input, index) => {
        const answer = answers.get(jids[index] as string);
        if (!answer) throw new HttpError(502, 'WhatsApp did not answer for every number');
        return { input, exists: answer.exists, ...(answer.jid ? { jid: answer.jid } : {}) };
      }),
    };
  });

  app.get('/accounts/:accountId/contacts/:jid', { schema: getContactSchema }, async (request) => {
    const { accountId, jid } = request.params;
    requireUserJid(jid);
    await requireAccount(store, accountId);
    let profile = await cache.readProfile<ContactProfileResult>(accountId, jid);
    if (!profile) {
      profile = await liveAction(
        fastify,
        { accountId, action: 'contact-profile', jid },
        contactProfileResultSchema,
        'the contact',
      );
      await cache.writeProfile(accountId, jid, profile);
    }
    const [chat, saved] = await Promise.all([
      store.chats.get(accountId, jid),
      store.contacts.get(accountId, jid),
    ]);
    const name = saved?.name ?? saved?.verifiedName;
    return {
      ok: true as const,
      contact: { jid, ...(name ? { name } : {}), ...(chat?.name ? { notify: chat.name } : {}), ...profile },
    };
  });

  for (const blocked of [true, false]) {
    app.post(
      `/accounts/:accountId/contacts/:jid/${blocked ? 'block' : 'unblock'}`,
      { schema: blockSchema(blocked) },
      async (request) => {
        const { accountId, jid } = request.params;
        requireUserJid(jid);
        await requireAccount(store, accountId);
        await liveAction(
          fastify,
          { accountId, action: 'contact-block', jid, blocked },
          z.object({}),
          'the block',
        );
        return { ok: true as const, jid, blocked };
      },
    );
  }
}
