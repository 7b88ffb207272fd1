import { type Document, serialize } from 'bson';
import { decodeDocument } from '../engine/bson-codec.js';
import { MalformedFrameError } from '../errors/malformed-frame-error.js';
import { CHECKSUM_PRESENT, EXHAUST_ALLOWED, MORE_TO_COME, OP_MSG, OP_QUERY, OP_REPLY } from './op-codes.js';

/** A parsed request: the command body (document sequences merged in) and how to answer it. */
export interface Request {
  requestId: number;
  opCode: typeof OP_MSG | typeof OP_QUERY;
  body: Document;
  db: string;
  /** OP_MSG moreToCome: the client expects no reply (unacknowledged writes). */
  noReply: boolean;
}

function readDocument(frame: Buffer, at: number, end: number): [Document, number] {
  if (at + 5 > end) throw new MalformedFrameError('truncated document');
  const size = frame.readInt32LE(at);
  if (size < 5 || at + size > end) throw new MalformedFrameError('document length out of bounds');
  try {
    return [decodeDocument(frame.subarray(at, at + size)), at + size];
  } catch (error) {
    throw new MalformedFrameError(`invalid BSON: ${(error as Error).message}`);
  }
}

function readCString(frame: Buffer, at: number, end: number): [string, number] {
  const zero = frame.indexOf(0, at);
  if (zero < 0 || zero >= end) throw new MalformedFrameError('unterminated string');
  return [frame.toString('utf8', at, zero), zero + 1];
}

function parseOpMsg(frame: Buffer, requestId: number): Request {
  const flags = frame.readUInt32LE(16);
  // Unknown bits in the low 16 are "required" per the spec: refusing is the only safe answer.
  if (
    (flags & 0xffff & ~(CHECKSUM_PRESENT | MORE_TO_COME)) !== 0 ||
    (flags & ~0xffff & ~EXHAUST_ALLOWED) !== 0
  ) {
    throw new MalformedFrameError(`unsupported OP_MSG flags ${flags}`);
  }
  const end = flags & CHECKSUM_PRESENT ? frame.length - 4 : frame.length;
  let body: Document | undefined;
  const sequences: Array<[string, Document[]]> = [];
  let at = 20;
  while (at < end) {
    const kind = frame[at++];
    if (kind === 0) {
      if (body) throw new MalformedFrameError('more than one body section');
      [body, at] = readDocument(frame, at, end);
    } else if (kind === 1) {
      const size = frame.readInt32LE(at);
      const sectionEnd = at + size;
      if (size < 5 || sectionEnd > end) throw new MalformedFrameError('document sequence out of bounds');
      let identifier: string;
      [identifier, at] = readCString(frame, at + 4, sectionEnd);
      const docs: Document[] = [];
      while (at < sectionEnd) {
        let doc: Document;
        [doc, at] = readDocument(frame, at, sectionEnd);
        docs.push(doc);
      }
      sequences.push([identifier, docs]);
    } else {
      throw new MalformedFrameError(`unknown OP_MSG section kind ${kind}`);
    }
  }
  if (!body) throw new MalformedFrameError('OP_MSG without a body section');
  for (const [identifier, docs] of sequences) {
    const existing = body[identifier];
    body[identifier] = Array.isArray(existing) ? [...existing, ...docs] : docs;
  }
  const db = typeof body.$db === 'string' ? body.$db : '';
  return { requestId, opCode: OP_MSG, body, db, noReply: (flags & MORE_TO_COME) !== 0 };
}

/** Legacy OP_QUERY: only `<db>.$cmd` commands, which is how drivers send the first hello. */
function parseOpQuery(frame: Buffer, requestId: number): Request {
  const [ns, afterName] = readCString(frame, 20, frame.length);
  let [query] = readDocument(frame, afterName + 8, frame.length);
  if (query.$query && typeof query.$query === 'object') query = query.$query as Document;
  const db = ns.endsWith('.$cmd') ? ns.slice(0, -5) : '';
  return { requestId, opCode: OP_QUERY, body: query, db, noReply: false };
}

export function parseRequest(frame: Buffer): Request {
  if (frame.length < 21) throw new MalformedFrameError('frame shorter than a message header');
  const requestId = frame.readInt32LE(4);
  const opCode = frame.readInt32LE(12);
  if (opCode === OP_MSG) return parseOpMsg(frame, requestId);
  if (opCode === OP_QUERY) return parseOpQuery(frame, requestId);
  throw new MalformedFrameError(`unsupported opCode ${opCode}`);
}

function header(length: number, requestId: number, responseTo: number, opCode: number): Buffer {
  const buffer = Buffer.allocUnsafe(16);
  buffer.writeInt32LE(length, 0);
  buffer.writeInt32LE(requestId, 4);
  buffer.writeInt32LE(responseTo, 8);
  buffer.writeInt32LE(opCode, 12);
  return buffer;
}

/** Encodes the reply in the same protocol the request used: a small prefix plus the BSON body, uncopied. */
export function encodeReply(request: Request, replyId: number, body: Document): [Buffer, Uint8Array] {
  const bson = serialize(body);
  if (request.opCode === OP_MSG) {
    const prefix = Buffer.alloc(5); // flagBits = 0, section kind 0
    return [Buffer.concat([header(21 + bson.length, replyId, request.requestId, OP_MSG), prefix]), bson];
  }
  const reply = Buffer.alloc(20); // responseFlags, cursorID (0), startingFrom
  reply.writeInt32LE(1, 16); // numberReturned
  return [Buffer.concat([header(36 + bson.length, replyId, request.requestId, OP_REPLY), reply]), bson];
}
