import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

declare module 'fastify' {
  interface FastifySchema {
    /** JSON schema of a multipart/form-data body, for the document only (routes stream the parts). */
    multipartBody?: Record<string, unknown>;
  }
}

type TransformInput = Parameters<typeof jsonSchemaTransform>[0];

/** The zod route schemas become the OpenAPI 3 document at /docs/json; the UI is at /docs. */
function transform(input: TransformInput) {
  const output = jsonSchemaTransform(input);
  const schema = output.schema as Record<string, unknown> | undefined;
  if (schema?.multipartBody) {
    schema.body = schema.multipartBody;
    delete schema.multipartBody;
  }
  return output;
}

export default fp(
  async function swagger(fastify: FastifyInstance) {
    await fastify.register(fastifySwagger, {
      openapi: {
        openapi: '3.0.3',
        info: {
          title: 'WILDCAT API',
          description:
            'Multi-account WhatsApp REST API. Send `X-API-Key` or `Authorization: Bearer` when the server has API keys.',
          version: '3.0.0',
        },
        components: {
          securitySchemes: {
            apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
            bearer: { type: 'http', scheme: 'bearer' },
          },
        },
        security: [{ apiKey: [] }, { bearer: [] }],
      },
      transform,
      transformObject: jsonSchemaTransformObject,
    });
    await fastify.register(fastifySwaggerUi, {
      routePrefix: '/docs',
      staticCSP: true,
      uiConfig: { deepLinking: true },
    });
  },
  { name: 'swagger' },
);
