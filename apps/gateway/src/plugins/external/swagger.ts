import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { addExamples } from './openapi/examples.js';
import { describeResponses } from './openapi/response-descriptions.js';

declare module 'fastify' {
  interface FastifySchema {
    /** JSON schema of a multipart/form-data body, for the document only (routes stream the parts). */
    multipartBody?: Record<string, unknown>;
    /** A JSON alternative to `multipartBody` on the same route (media by url or base64). */
    jsonAlternativeBody?: Record<string, unknown>;
  }
}

type TransformInput = Parameters<typeof jsonSchemaTransform>[0];
type TransformObjectInput = Parameters<typeof jsonSchemaTransformObject>[0];

/**
 * The docs page's CSP: @fastify/swagger-ui's static one plus the hash of the one inline style
 * Swagger UI applies (Chromium reported it blocked). No 'unsafe-inline', scripts from 'self' only.
 */
export const SWAGGER_UI_INLINE_STYLE_HASH = "'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='";
export const DOCS_CSP = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'font-src': ["'self'", 'data:'],
  'frame-ancestors': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'object-src': ["'none'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", SWAGGER_UI_INLINE_STYLE_HASH],
};

/** The zod route schemas become the OpenAPI 3 document at /docs/json; the UI is at /docs. */
function transform(input: TransformInput) {
  const output = jsonSchemaTransform(input);
  const schema = output.schema as Record<string, unknown> | undefined;
  if (schema?.multipartBody && schema.jsonAlternativeBody) {
    schema.body = {
      content: {
        'multipart/form-data': { schema: schema.multipartBody },
        'application/json': { schema: schema.jsonAlternativeBody },
      },
    };
    delete schema.consumes;
    delete schema.multipartBody;
    delete schema.jsonAlternativeBody;
  } else if (schema?.multipartBody) {
    schema.body = schema.multipartBody;
    delete schema.multipartBody;
  }
  describeResponses(schema?.response);
  addExamples(schema);
  return output;
}

function transformObject(input: TransformObjectInput) {
  const document = jsonSchemaTransformObject(input);
  addExamples((document as { components?: unknown }).components);
  return document;
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
      transformObject,
    });
    await fastify.register(fastifySwaggerUi, {
      routePrefix: '/docs',
      staticCSP: DOCS_CSP,
      uiConfig: { deepLinking: true },
    });
  },
  { name: 'swagger' },
);
