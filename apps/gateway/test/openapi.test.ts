import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helpers/build-test-app.js';

/** Every route of the reference (../shared/reference), plus what issue 4 adds. */
const REFERENCE_ROUTES = [
  'GET /ping',
  'POST /accounts',
  'GET /accounts',
  'GET /accounts/{accountId}',
  'DELETE /accounts/{accountId}',
  'POST /accounts/{accountId}/message/send',
  'POST /accounts/{accountId}/message/send/image',
  'POST /accounts/{accountId}/message/send/video',
  'POST /accounts/{accountId}/message/send/audio',
  'POST /accounts/{accountId}/message/send/document',
  'POST /accounts/{accountId}/message/reply',
  'POST /accounts/{accountId}/message/react',
  'POST /accounts/{accountId}/message/delete',
  'GET /accounts/{accountId}/chats',
  'GET /accounts/{accountId}/chats/{chatId}/messages',
  'GET /accounts/{accountId}/messages/{messageId}',
  'GET /accounts/{accountId}/messages/{messageId}/media',
  'GET /accounts/{accountId}/status',
  'POST /accounts/{accountId}/connect',
  'POST /accounts/{accountId}/disconnect',
  'POST /webhooks',
];
const ADDED_ROUTES = [
  'GET /messages',
  'GET /media',
  'GET /media/{id}',
  'GET /accounts/{accountId}/qr',
  'POST /accounts/{accountId}/pairing-code',
  'POST /accounts/{accountId}/logout',
  'POST /accounts/{accountId}/chats/{chatId}/read',
  'GET /webhooks',
  'DELETE /webhooks/{id}',
  'GET /healthz',
  'GET /readyz',
];

type Schema = { required?: string[]; properties: Record<string, unknown> };
type Operation = {
  requestBody: { content: Record<string, { schema: Schema }> };
  responses: Record<string, unknown>;
};
type Doc = { paths: Record<string, Record<string, Record<string, unknown>>> };

let t: TestApp;
let doc: Doc;
beforeAll(async () => {
  t = await buildTestApp();
  const response = await t.app.inject({ method: 'GET', url: '/docs/json' });
  expect(response.statusCode).toBe(200);
  doc = response.json();
});
afterAll(async () => {
  await t?.close();
});

describe('OpenAPI document', () => {
  it('is a valid OpenAPI 3 document', async () => {
    const copy = structuredClone(doc);
    await expect(SwaggerParser.validate(copy as never)).resolves.toBeTruthy();
    expect((doc as unknown as { openapi: string }).openapi).toMatch(/^3\./);
  });

  it('lists every route of the reference and the added ones', () => {
    const listed = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    for (const route of [...REFERENCE_ROUTES, ...ADDED_ROUTES]) expect(listed).toContain(route);
    expect(listed.some((route) => route.includes('/admin/queues'))).toBe(false);
  });

  it('documents bodies, multipart files and error responses from the zod schemas', () => {
    const send = doc.paths['/accounts/{accountId}/message/send']?.post as Operation;
    const body = send.requestBody.content['application/json']?.schema;
    expect(body?.required).toEqual(['to', 'message']);
    expect(Object.keys(send.responses)).toEqual(expect.arrayContaining(['200', '202', '400', '404', '504']));
    const image = doc.paths['/accounts/{accountId}/message/send/image']?.post as Operation;
    const form = image.requestBody.content['multipart/form-data']?.schema;
    expect(form?.properties.image).toEqual({ type: 'string', format: 'binary' });
    expect(form?.required).toEqual(['image', 'to']);
    // The same route takes JSON: the file by url or base64.
    const json = image.requestBody.content['application/json']?.schema;
    expect(Object.keys(json?.properties ?? {})).toEqual(
      expect.arrayContaining(['to', 'url', 'base64', 'caption']),
    );
    expect(json?.required).toEqual(['to']);
  });

  it('documents edit, forward, presence and chat read with their bodies', () => {
    const body = (path: string) =>
      (doc.paths[path]?.post as Operation | undefined)?.requestBody.content['application/json']?.schema;
    expect(body('/accounts/{accountId}/message/edit')?.required).toEqual(['messageId', 'text']);
    expect(body('/accounts/{accountId}/message/forward')?.required).toEqual(['messageId', 'to']);
    expect(body('/accounts/{accountId}/presence')?.required).toEqual(['state']);
    expect(Object.keys(body('/accounts/{accountId}/chats/{chatId}/read')?.properties ?? {})).toEqual([
      'messageIds',
    ]);
  });

  it('documents the chat messages page size the route applies (the reference: default 50, max 100)', () => {
    const route = doc.paths['/accounts/{accountId}/chats/{chatId}/messages']?.get as {
      parameters: { name: string; in: string; description?: string; schema: Record<string, unknown> }[];
    };
    const limit = route.parameters.find((p) => p.in === 'query' && p.name === 'limit');
    expect(limit?.schema).toMatchObject({ default: 50, maximum: 100 });
  });

  it('describes every response by what its status means here, never "Default Response"', () => {
    const descriptions = Object.values(doc.paths).flatMap((methods) =>
      Object.values(methods).flatMap((operation) =>
        Object.entries((operation as Operation).responses ?? {}).map(
          ([code, response]) => [code, (response as { description: string }).description] as const,
        ),
      ),
    );
    expect(descriptions.length).toBeGreaterThan(50);
    for (const [, description] of descriptions) expect(description).not.toBe('Default Response');
    const send = doc.paths['/accounts/{accountId}/message/send']?.post as Operation;
    const described = send.responses as Record<string, { description: string }>;
    expect(described['202']?.description).toMatch(/^Accepted: queued/);
    expect(described['504']?.description).toMatch(/^Timed out waiting for the worker/);
    expect(described['401']?.description).toMatch(/X-API-Key/);
  });

  it('gives JIDs, account ids and message ids real-looking examples', () => {
    const send = doc.paths['/accounts/{accountId}/message/send']?.post as Operation & {
      parameters: { name: string; schema: { example?: string } }[];
    };
    const body = send.requestBody.content['application/json']?.schema;
    expect(body?.properties.to).toMatchObject({ example: '15550000002@s.whatsapp.net' });
    expect(send.parameters.find((p) => p.name === 'accountId')?.schema.example).toBe('sales-team');
    const message = (doc as unknown as { components: { schemas: Record<string, Schema> } }).components.schemas
      .Message;
    expect(JSON.stringify(message)).toContain('"example":"15550000002@s.whatsapp.net"');
  });

  it('serves the Swagger UI at /docs under a CSP without unsafe-inline', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self';");
    // The hash of the one inline style Swagger UI applies (it was reported blocked in Chromium).
    expect(csp).toContain("style-src 'self' 'sha256-");
    expect(csp).not.toContain('unsafe-inline');
  });
});
