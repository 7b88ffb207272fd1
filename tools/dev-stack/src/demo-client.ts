import { basename } from 'node:path';
import { styled } from './terminal-style.js';

/** A tiny API client for the demo that prints every call as the curl a user would type. */
export interface DemoClient {
  call(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: Record<string, unknown> }>;
  upload(
    path: string,
    fields: Record<string, string>,
    /** `path`: where the file is on disk, so the printed curl works when pasted. */
    file: { field: string; path: string; type: string; bytes: Buffer },
  ): Promise<{ status: number; json: Record<string, unknown> }>;
}

const KEY_HEADER = `-H "X-API-Key: $WILDCAT_API_KEY"`;
const style = styled();

function show(line: string, write: (text: string) => void): void {
  write(`\n${style.dim('$')} ${style.bold(line)}\n`);
}

function answer(status: number, json: unknown, write: (text: string) => void): void {
  const text = JSON.stringify(json, null, 2);
  const clipped = text.length > 1_200 ? `${text.slice(0, 1_200)}\n  …` : text;
  write(`${style.dim(`HTTP ${status}`)}\n${clipped}\n`);
}

export function createDemoClient(baseUrl: string, apiKey: string, write: (text: string) => void): DemoClient {
  return {
    async call(method, path, body) {
      const data =
        body === undefined ? '' : ` -H 'Content-Type: application/json' -d '${JSON.stringify(body)}'`;
      show(`curl -X ${method} ${baseUrl}${path} ${KEY_HEADER}${data}`, write);
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          'X-API-Key': apiKey,
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = (await response.json()) as Record<string, unknown>;
      answer(response.status, json, write);
      return { status: response.status, json };
    },

    async upload(path, fields, file) {
      const form = new FormData();
      for (const [name, value] of Object.entries(fields)) form.append(name, value);
      form.append(file.field, new Blob([file.bytes], { type: file.type }), basename(file.path));
      const flags = Object.entries(fields)
        .map(([name, value]) => `-F "${name}=${value}"`)
        .join(' ');
      show(`curl -X POST ${baseUrl}${path} ${KEY_HEADER} -F "${file.field}=@${file.path}" ${flags}`, write);
      const response = await fetch(`${baseUrl}${path}`, {
        method: 'POST',
        headers: { 'X-API-Key': apiKey },
        body: form,
      });
      const json = (await response.json()) as Record<string, unknown>;
      answer(response.status, json, write);
      return { status: response.status, json };
    },
  };
}
