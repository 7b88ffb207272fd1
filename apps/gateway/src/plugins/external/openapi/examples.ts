import { ACCOUNT_ID_PATTERN, JID_PATTERN, MESSAGE_ID_PATTERN } from '@wildcat/jobs';

const JID_EXAMPLE = '15550000002@s.whatsapp.net';
const MESSAGE_ID_EXAMPLE = '3EB0C767D26A1D8E4B2F';

/**
 * Real-looking examples by the pattern a string field carries, so every JID, account id and
 * message id in the docs reads like one (Swagger UI otherwise generates `00831967@s.whatsapp.net`
 * from the regex). Keyed by pattern because the same shared schemas appear in bodies, parameters,
 * responses and components alike.
 */
const EXAMPLES_BY_PATTERN: ReadonlyMap<string, string> = new Map([
  [JID_PATTERN.source, JID_EXAMPLE],
  [ACCOUNT_ID_PATTERN.source, 'sales-team'],
  [MESSAGE_ID_PATTERN.source, MESSAGE_ID_EXAMPLE],
  ['^[\\x21-\\x7e]{1,255}$', 'order-1042-confirmation'],
]);

/** Response fields are plain strings (no pattern): the same examples by property name. */
const EXAMPLES_BY_NAME: ReadonlyMap<string, string> = new Map([
  ['from', JID_EXAMPLE],
  ['to', JID_EXAMPLE],
  ['chatId', JID_EXAMPLE],
  ['jid', JID_EXAMPLE],
  ['messageId', MESSAGE_ID_EXAMPLE],
  ['quotedMessageId', MESSAGE_ID_EXAMPLE],
  ['reactionTo', MESSAGE_ID_EXAMPLE],
  ['accountId', 'sales-team'],
  ['callId', 'B5C2E1F0A9D38E47'],
  ['input', '+1 555-000-0002'],
  ['notify', 'Alice'],
  ['about', 'Available'],
  ['pictureUrl', 'https://pps.whatsapp.net/v/t61.24694-24/contact.jpg'],
]);

function addExamplesByName(properties: Record<string, unknown>): void {
  for (const [name, property] of Object.entries(properties)) {
    const example = EXAMPLES_BY_NAME.get(name);
    const schema = property as Record<string, unknown> | null;
    if (example && schema?.type === 'string' && schema.example === undefined) schema.example = example;
  }
}

/** Adds `example` (OpenAPI 3.0 has no `examples` in a schema) to matching string fields, in place. */
export function addExamples(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) addExamples(item);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const schema = node as Record<string, unknown>;
  if (typeof schema.pattern === 'string' && schema.example === undefined) {
    const example = EXAMPLES_BY_PATTERN.get(schema.pattern);
    if (example !== undefined) schema.example = example;
  }
  if (schema.properties && typeof schema.properties === 'object') {
    addExamplesByName(schema.properties as Record<string, unknown>);
  }
  for (const value of Object.values(schema)) addExamples(value);
}
