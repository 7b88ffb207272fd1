import fc from 'fast-check';
import {
  fieldValue,
  hostileString,
  hostileValue,
  pathSegment,
  percentEncode,
  textValue,
} from './hostile-values.js';
import type { Operation } from './openapi-operations.js';

export interface FuzzRequest {
  operation: Operation;
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
  /** How the body was made, for the failure report. */
  bodyKind: string;
}

/** Which key a request presents: mostly the admin key, sometimes a scoped, a wrong or no key. */
export type KeyChoice = 'admin' | 'scoped' | 'none' | 'wrong';

const RAW_JSON_BODIES = [
  '{"id": "x",',
  '[]',
  '[{"id":"x"}]',
  '"just a string"',
  '42',
  'null',
  '{"__proto__":{"isAdmin":true},"id":"fuzz-proto"}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"id":"a","id":"b"}',
  '{"to":"919876543210@s.whatsapp.net","message":"hi","to":{"$gt":""}}',
  '\uFEFF{"id":"bom"}',
  '{"id":"\\ud800"}',
  `{"a":${'['.repeat(5000)}${']'.repeat(5000)}}`,
  '',
  ' ',
];

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/xml',
  'multipart/form-data',
  'multipart/form-data; boundary=',
  'application/vnd.api+json',
  '*/*',
];

function jsonBody(
  operation: Operation,
): fc.Arbitrary<{ payload: string; contentType: string; kind: string }> {
  const properties = operation.body?.properties ?? [];
  const record = fc
    .tuple(
      ...properties.map((name) => fc.option(fieldValue(name), { nil: undefined, freq: 3 })),
      fc.dictionary(fc.oneof(hostileString, fc.constantFrom('$set', '$where', '_id', 'hash')), hostileValue, {
        maxKeys: 3,
      }),
      fc.boolean(),
    )
    .map((values) => {
      const extras = values[properties.length] as Record<string, unknown>;
      const withExtras = values[properties.length + 1] as boolean;
      const body: Record<string, unknown> = withExtras ? { ...extras } : {};
      properties.forEach((name, index) => {
        if (values[index] !== undefined) body[name] = values[index];
      });
      return { payload: JSON.stringify(body), contentType: 'application/json', kind: 'json' };
    });
  return fc.oneof(
    { weight: 8, arbitrary: record },
    {
      weight: 1,
      arbitrary: fc.record({
        payload: fc.constantFrom(...RAW_JSON_BODIES),
        contentType: fc.constant('application/json'),
        kind: fc.constant('raw-json'),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        payload: fc.oneof(fc.constantFrom(...RAW_JSON_BODIES), hostileString),
        contentType: fc.constantFrom(...CONTENT_TYPES),
        kind: fc.constant('content-type'),
      }),
    },
  );
}

interface Part {
  name: string;
  value: string | Buffer;
  fileName?: string;
  contentType?: string;
}

function encodeMultipart(parts: Part[], boundary: string, truncate: boolean): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.fileName === undefined ? '' : `; filename="${part.fileName}"`}`;
    const type = part.contentType === undefined ? '' : `Content-Type: ${part.contentType}\r\n`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${type}\r\n`));
    chunks.push(Buffer.isBuffer(part.value) ? part.value : Buffer.from(part.value));
    chunks.push(Buffer.from('\r\n'));
  }
  if (!truncate) chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

const safeName = hostileString.map((name) => name.replace(/["\r\n]/g, '_').slice(0, 200));

function multipartBody(
  operation: Operation,
): fc.Arbitrary<{ payload: Buffer; contentType: string; kind: string }> {
  const properties = operation.body?.properties ?? [];
  const fileField = properties.find((name) => ['image', 'video', 'audio', 'document'].includes(name));
  const textFields = properties.filter((name) => name !== fileField);
  const textPart = (name: string) =>
    textValue(name).map((value): Part => ({ name, value: value.slice(0, 300_000) }));
  const filePart = fc.record({
    name: fc.oneof(fc.constant(fileField ?? 'file'), safeName),
    value: fc.constantFrom(Buffer.alloc(0), Buffer.from('%PDF-1.4 fuzz'), Buffer.alloc(4096, 0x2d)),
    fileName: fc.oneof(fc.constantFrom('a.pdf', '../../etc/passwd', 'C:\\x.exe', ''), safeName),
    contentType: fc.constantFrom('application/pdf', 'image/png', 'text/html', '../../x', ''),
  });
  const parts = fc
    .tuple(
      ...textFields.map((name) => fc.option(textPart(name), { nil: undefined, freq: 3 })),
      fc.array(filePart, { maxLength: 3 }),
      fc.array(fc.record({ name: safeName, value: hostileString.map((v) => v.slice(0, 300_000)) }), {
        maxLength: 25,
      }),
    )
    .map((values) => {
      const texts = values.slice(0, textFields.length).filter((part): part is Part => part !== undefined);
      const files = values[textFields.length] as Part[];
      const extras = values[textFields.length + 1] as Part[];
      return [...texts, ...extras, ...files];
    });
  return fc
    .tuple(parts, fc.constantFrom('ok', 'ok', 'ok', 'truncated', 'wrong-boundary', 'no-boundary'))
    .map(([list, variant]) => {
      // Fixed, so a seed replays byte for byte.
      const boundary = '----fuzzboundary7f3a9c';
      const payload = encodeMultipart(list, boundary, variant === 'truncated');
      const contentType =
        variant === 'no-boundary'
          ? 'multipart/form-data'
          : `multipart/form-data; boundary=${variant === 'wrong-boundary' ? 'nope' : boundary}`;
      return { payload, contentType, kind: `multipart-${variant}` };
    });
}

function queryString(operation: Operation): fc.Arbitrary<string> {
  const names = [...operation.queryParams, 'accountId'];
  const pair = fc.tuple(
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...names) },
      fc.constantFrom('limit[$gt]', '__proto__', 'x'),
    ),
    fc.oneof(textValue('limit'), ...operation.queryParams.map((name) => textValue(name))),
  );
  return fc
    .array(pair, { maxLength: 4 })
    .map((pairs) => pairs.map(([key, value]) => `${percentEncode(key)}=${percentEncode(value)}`).join('&'));
}

/** One request for `operation`: path, query, headers and body all drawn from the hostile pools. */
export function requestFor(
  operation: Operation,
  keys: Record<KeyChoice, string | undefined>,
): fc.Arbitrary<FuzzRequest> {
  const segments = operation.pathParams.map((name) => pathSegment(name));
  const body =
    operation.body?.kind === 'multipart'
      ? multipartBody(operation)
      : operation.body
        ? jsonBody(operation)
        : fc.oneof(
            { weight: 4, arbitrary: fc.constant(undefined) },
            { weight: 1, arbitrary: jsonBody(operation) },
          );
  return fc
    .record({
      segments: fc.tuple(...segments),
      query: fc.option(queryString(operation), { freq: 3, nil: undefined }),
      body,
      key: fc.oneof(
        { weight: 16, arbitrary: fc.constant<KeyChoice>('admin') },
        { weight: 2, arbitrary: fc.constant<KeyChoice>('scoped') },
        { weight: 1, arbitrary: fc.constantFrom<KeyChoice>('none', 'wrong') },
      ),
      idempotency: fc.option(
        textValue('idempotency-key').map((v) => v.replace(/[^\x20-\x7e]/g, '')),
        {
          freq: 4,
          nil: undefined,
        },
      ),
      // 1 request in 15 uses a method the route may not have.
      wrongMethod: fc.oneof(
        { weight: 14, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.constantFrom('PUT', 'PATCH', 'GET', 'POST', 'DELETE', 'OPTIONS') },
      ),
    })
    .map(({ segments: values, query, body: made, key, idempotency, wrongMethod }) => {
      let path = operation.path;
      operation.pathParams.forEach((name, index) => {
        path = path.replace(`{${name}}`, values[index] ?? '');
      });
      const headers: Record<string, string> = {};
      const presented = keys[key];
      if (presented !== undefined) headers['x-api-key'] = presented;
      if (idempotency !== undefined) headers['idempotency-key'] = idempotency;
      if (made) headers['content-type'] = made.contentType;
      return {
        operation,
        method: wrongMethod ?? operation.method,
        url: query ? `${path}?${query}` : path,
        headers,
        ...(made ? { payload: made.payload } : {}),
        bodyKind: made?.kind ?? 'none',
      };
    });
}
