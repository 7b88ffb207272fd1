import fc from 'fast-check';

/** Values that are right for a field by name, so requests also get past validation. */
export const VALID_VALUES: Record<string, unknown[]> = {
  accountId: ['fuzzbot', 'fuzz-other'],
  id: ['fuzz-new-1', 'fuzz_new_2', '0123456789abcdef01234567'],
  to: ['919876543210@s.whatsapp.net', '120363025246125486@g.us', '12345@lid'],
  chatId: ['919876543210@s.whatsapp.net', 'status@broadcast'],
  message: ['hi', 'Olá 👋'],
  caption: ['a caption'],
  emoji: ['👍', ''],
  messageId: ['3EB0ABCDEF0123456789AB'],
  quotedMessageId: ['3EB0ABCDEF0123456789AB'],
  deliveryId: ['0123456789abcdef01234567'],
  name: ['fuzz name'],
  collectionName: ['auth_fuzz', 'fuzz-coll'],
  url: ['https://93.184.216.34/hook'],
  events: [['message'], ['message', 'message.ack']],
  secret: ['whsec_0123456789'],
  headers: [{ 'X-Receiver': 'token' }],
  phone: ['15551234567'],
  mentions: [['919876543210@s.whatsapp.net']],
  fileName: ['report.pdf'],
  ptt: ['true', 'false'],
  format: ['png', 'json'],
  wait: ['false', 'true'],
  limit: ['10', '100'],
  skip: ['0', '5'],
  offset: ['0'],
  before: ['1730700645123'],
  after: ['0'],
  types: ['message', 'message,message.ack'],
  lastEventId: ['0-0'],
  'idempotency-key': ['fuzz-key-1'],
  'last-event-id': ['0-0'],
};

/** Field-agnostic strings an attacker tries: JIDs gone wrong, traversal, reserved names, huge. */
const NASTY_STRINGS = [
  '',
  ' ',
  '0',
  '-1',
  '1e309',
  'NaN',
  'null',
  'true',
  '9'.repeat(400),
  '$gt',
  '{"$gt":""}',
  'system.users',
  'system.indexes',
  'a.b',
  'a$b',
  '$where',
  'accounts',
  'media',
  '__proto__',
  'constructor',
  '../../etc/passwd',
  '..\\..\\windows',
  '%2e%2e%2f',
  'a\u0000b',
  '\r\nX-Injected: 1',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '123',
  '@s.whatsapp.net',
  '919876543210@s.whatsapp.net.evil.com',
  '919876543210@s.whatsapp.net\n',
  '+919876543210@s.whatsapp.net',
  '١٢٣@s.whatsapp.net',
  'x@g.us@g.us',
  'status@broadcast ',
  '\uFEFF919876543210@s.whatsapp.net',
  '\uD800',
  '🙂'.repeat(3000),
  'é'.repeat(70_000),
  'x'.repeat(65_537),
  'http://127.0.0.1:6379/',
  'http://169.254.169.254/latest/meta-data/',
  'http://[::ffff:127.0.0.1]/',
  'http://0x7f000001/',
  'file:///etc/passwd',
  'javascript:alert(1)',
  'ftp://93.184.216.34/',
];

const OPERATORS = ['$gt', '$ne', '$where', '$regex', '$in', '$exists', '$expr', '$set', '$function'];

/** `{"$gt": ""}`-style objects, alone or nested, as whole values. */
export const operatorObject: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...OPERATORS).map((op) => ({ [op]: '' })),
  fc.constantFrom(...OPERATORS).map((op) => ({ [op]: null })),
  fc.constant({ $where: 'sleep(1000) || true' }),
  fc.constant({ $regex: '.*', $options: 'si' }),
  fc.constant({ $in: ['fuzzbot', 'fuzz-other'] }),
  fc.constant({ nested: { $gt: '' } }),
);

/** Strings without lone surrogates where a header or URL needs them; any unicode elsewhere. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...NASTY_STRINGS),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.nat({ max: 400_000 }).map((size) => 'A'.repeat(size)),
);

const deep = (depth: number): unknown => (depth === 0 ? { $gt: '' } : { a: deep(depth - 1) });

/** Anything JSON can hold in place of a field. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 3, arbitrary: operatorObject },
  {
    weight: 1,
    arbitrary: fc.constantFrom(null, true, false, 0, -1, 1.5, 1e308, Number.MAX_SAFE_INTEGER + 2),
  },
  { weight: 1, arbitrary: fc.array(fc.oneof(hostileString, operatorObject), { maxLength: 5 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom({}, [], [[]], deep(40), JSON.parse('{"__proto__":{"admin":true}}')),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

/** A value for a named field: mostly hostile, sometimes right (so deeper code runs too). */
export function fieldValue(name: string): fc.Arbitrary<unknown> {
  const valid = VALID_VALUES[name];
  if (!valid) return hostileValue;
  return fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...valid) },
    { weight: 3, arbitrary: hostileValue },
  );
}

/** Text for query strings, headers and multipart fields: strings only, but any of them. */
export function textValue(name: string): fc.Arbitrary<string> {
  const valid = (VALID_VALUES[name] ?? []).filter((value): value is string => typeof value === 'string');
  return valid.length === 0
    ? hostileString
    : fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...valid) }, { weight: 3, arbitrary: hostileString });
}

/** Percent-encodes the UTF-8 bytes (a lone surrogate becomes U+FFFD, where encodeURIComponent throws). */
export function percentEncode(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const char = String.fromCharCode(byte);
    out += /[A-Za-z0-9_.~-]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** A raw (already encoded) path segment: traversal, encoded slashes, bad escapes, overlong. */
export function pathSegment(name: string): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: textValue(name).map(percentEncode) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        '..',
        '.',
        '%2e%2e',
        '..%2F..%2Fetc%2Fpasswd',
        '..%252F..%252F',
        'a%2Fb',
        '%2F',
        '%5C',
        '%00',
        '%',
        '%zz',
        '%C0%AE%C0%AE',
        '%E2%80%AE',
        '$gt',
        '%24gt',
        'system.users',
        'x'.repeat(300),
        '%20',
        '~',
      ),
    },
  );
}
