import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { liveAction } from '../../services/live-action.js';
import { readProfilePicture } from '../../services/profile-picture-input.js';
import { requireAccount } from '../../services/require-account.js';
import { setPictureSchema, updateProfileSchema } from './profile-schema.js';

/** Room for base64 (4/3 of 5 MiB) and the JSON around it. */
const PICTURE_BODY_LIMIT = 7 * 1024 * 1024 + 64 * 1024;

/** PATCH /accounts/:accountId/profile and PUT /accounts/:accountId/profile/picture: the own WhatsApp profile. */
export default async function profileRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { store } = fastify;

  app.patch('/accounts/:accountId/profile', { schema: updateProfileSchema }, async (request) => {
    const { accountId } = request.params;
    const { name, about } = request.body;
    await requireAccount(store, accountId);
    await liveAction(
      fastify,
      {
        accountId,
        action: 'profile-update',
        ...(name !== undefined ? { name } : {}),
        ...(about !== undefined ? { about } : {}),
      },
      z.object({}),
      'the profile update',
    );
    return {
      ok: true as const,
      profile: { ...(name !== undefined ? { name } : {}), ...(about !== undefined ? { about } : {}) },
    };
  });

  app.put(
    '/accounts/:accountId/profile/picture',
    { schema: setPictureSchema, bodyLimit: PICTURE_BODY_LIMIT },
    async (request) => {
      const { accountId } = request.params;
      await requireAccount(store, accountId);
      const picture = await readProfilePicture(request, {
        allowPrivateUrls: fastify.config.MEDIA_URL_ALLOW_PRIVATE_NETWORKS,
      });
      await liveAction(
        fastify,
        {
          accountId,
          action: 'profile-picture',
          ...('url' in picture ? { url: picture.url } : { image: picture.image.toString('base64') }),
        },
        z.object({}),
        'the profile picture',
      );
      return { ok: true as const };
    },
  );
}
