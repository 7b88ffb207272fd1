/** One operation of the OpenAPI document, reduced to what the fuzzer needs to build requests. */
export interface Operation {
  method: string;
  /** OpenAPI path, e.g. `/accounts/{accountId}/chats`. */
  path: string;
  pathParams: string[];
  queryParams: string[];
  headerParams: string[];
  body?: { kind: 'json' | 'multipart'; properties: string[]; required: string[] };
}

interface RawSchema {
  properties?: Record<string, unknown>;
  required?: string[];
}
interface RawOperation {
  parameters?: Array<{ in: string; name: string }>;
  requestBody?: { content: Record<string, { schema: RawSchema }> };
}

/** Every operation of `/docs/json`: the fuzzer covers exactly what the API documents. */
export function operationsOf(doc: { paths: Record<string, Record<string, RawOperation>> }): Operation[] {
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, raw] of Object.entries(methods)) {
      const params = raw.parameters ?? [];
      const names = (where: string) =>
        params.filter((param) => param.in === where).map((param) => param.name);
      const content = raw.requestBody?.content ?? {};
      const [mediaType, entry] = Object.entries(content)[0] ?? [];
      operations.push({
        method: method.toUpperCase(),
        path,
        pathParams: names('path'),
        queryParams: names('query'),
        headerParams: names('header'),
        ...(entry
          ? {
              body: {
                kind: mediaType === 'multipart/form-data' ? 'multipart' : 'json',
                properties: Object.keys(entry.schema.properties ?? {}),
                required: entry.schema.required ?? [],
              },
            }
          : {}),
      });
    }
  }
  return operations;
}

/** Routes the document does not list (Bull Board, metrics, the WebSocket without an upgrade). */
export const UNDOCUMENTED: Operation[] = [
  { method: 'GET', path: '/metrics', pathParams: [], queryParams: [], headerParams: [] },
  { method: 'GET', path: '/admin/queues', pathParams: [], queryParams: [], headerParams: [] },
  { method: 'GET', path: '/admin/queues/api/queues', pathParams: [], queryParams: [], headerParams: [] },
  { method: 'GET', path: '/ws', pathParams: [], queryParams: ['accountId', 'types'], headerParams: [] },
  { method: 'GET', path: '/console', pathParams: [], queryParams: [], headerParams: [] },
];

export const operationName = (operation: Operation) => `${operation.method} ${operation.path}`;
