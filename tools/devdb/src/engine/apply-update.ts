import { type Document, ObjectId } from 'bson';
import { Aggregator, update as mingoUpdate } from 'mingo';
import type { Options } from 'mingo/types';
import { CommandError } from '../errors/command-error.js';
import { cloneValue, isPlainObject } from './bson-kind.js';
import { withIdFirst } from './collection.js';
import { applySimpleOperators } from './fast-update.js';
import { encodeKey } from './key-encoding.js';
import { setPath } from './paths.js';

const SUPPORTED = new Set([
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$rename',
  '$currentDate',
  '$push',
  '$pull',
  '$pullAll',
  '$addToSet',
  '$pop',
  '$bit',
  '$setOnInsert',
]);

const immutableId = (): CommandError =>
  new CommandError(
    66,
    'ImmutableField',
    "Performing an update on the path '_id' would modify the immutable field '_id'",
  );

export type UpdateSpec = Document | Document[];

export interface UpdateContext {
  filter: unknown;
  arrayFilters?: Document[];
  /** True while building an upsert, so $setOnInsert applies. */
  inserting: boolean;
  options: Partial<Options>;
}

/** Operator updates start with `$`; anything else replaces the document (keeping `_id`). */
export function isOperatorUpdate(spec: UpdateSpec): boolean {
  if (Array.isArray(spec)) return false;
  const keys = Object.keys(spec);
  return keys.length > 0 && keys[0]!.startsWith('$');
}

/** mingo's $addToSet keeps duplicates from `$each` when the array does not exist yet; mongod does not. */
function dedupeEach(fields: Document): Document {
  const out: Document = {};
  for (const [path, value] of Object.entries(fields)) {
    if (isPlainObject(value) && Array.isArray(value.$each)) {
      const seen = new Map(value.$each.map((item: unknown) => [encodeKey(item), item]));
      out[path] = { ...value, $each: [...seen.values()] };
    } else out[path] = value;
  }
  return out;
}

/** Rejects malformed update documents before anything is matched, as mongod parses them first. */
export function validateUpdate(spec: unknown): asserts spec is UpdateSpec {
  if (spec === null || typeof spec !== 'object')
    throw new CommandError(9, 'FailedToParse', 'Update argument must be either an object or an array');
  if (Array.isArray(spec) || !isOperatorUpdate(spec as Document)) return;
  for (const [op, fields] of Object.entries(spec)) {
    if (!SUPPORTED.has(op)) {
      const message = op.startsWith('$')
        ? `Unknown modifier: ${op}. Expected a valid update modifier or pipeline-style update specified as an array`
        : `The dollar ($) prefixed field '${op}' is not allowed in an update of operators`;
      throw new CommandError(9, 'FailedToParse', message);
    }
    if (!isPlainObject(fields))
      throw new CommandError(
        9,
        'FailedToParse',
        `Modifiers operate on fields but we found type ${typeof fields} instead.`,
      );
  }
}

function applyOperators(doc: Document, spec: Document, context: UpdateContext): Document {
  const operators: Document = {};
  validateUpdate(spec);
  for (const [op, fields] of Object.entries(spec) as Array<[string, Document]>) {
    if (op === '$setOnInsert') {
      if (context.inserting) operators.$set = { ...(operators.$set as Document | undefined), ...fields };
    } else if (op === '$addToSet') {
      operators[op] = dedupeEach(fields);
    } else if (op === '$set') {
      operators.$set = { ...fields, ...(operators.$set as Document | undefined) };
    } else {
      operators[op] = fields;
    }
  }
  const next = cloneValue(doc);
  if (Object.keys(operators).length > 0 && !applySimpleOperators(next, operators)) {
    const condition = isPlainObject(context.filter) ? context.filter : {};
    try {
      mingoUpdate(next, operators, context.arrayFilters, condition, {
        cloneMode: 'deep',
        queryOptions: context.options,
      });
    } catch (error) {
      // mingo guards _id itself; give it mongod's code so drivers classify it the same way.
      if (error instanceof Error && error.message.includes("immutable field '_id'")) throw immutableId();
      throw error;
    }
  }
  return next;
}

function applyReplacement(doc: Document, replacement: Document): Document {
  for (const key of Object.keys(replacement)) {
    if (key.startsWith('$'))
      throw new CommandError(
        52,
        'DollarPrefixedFieldName',
        `The dollar ($) prefixed field '${key}' is not valid in a replacement document.`,
      );
  }
  const { _id, ...rest } = replacement;
  return { _id: _id === undefined ? doc._id : _id, ...rest };
}

function applyPipeline(doc: Document, pipeline: Document[], context: UpdateContext): Document {
  const [result] = new Aggregator(pipeline, context.options).run<Document>([cloneValue(doc)]);
  return result ?? {};
}

/** Returns the updated copy of `doc` (never mutates it); `_id` must survive unchanged. */
export function applyUpdate(doc: Document, spec: UpdateSpec, context: UpdateContext): Document {
  let next: Document;
  if (Array.isArray(spec)) next = applyPipeline(doc, spec, context);
  else if (isOperatorUpdate(spec)) next = applyOperators(doc, spec, context);
  else next = applyReplacement(doc, spec);
  if (doc._id !== undefined && encodeKey(next._id) !== encodeKey(doc._id)) {
    throw immutableId();
  }
  return withIdFirst(next);
}

/** Equality fields of a filter, which an upsert copies into the new document. */
function seedFromFilter(filter: unknown, into: Document): void {
  if (!isPlainObject(filter)) return;
  for (const [key, condition] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(condition)) {
      for (const part of condition) seedFromFilter(part, into);
      continue;
    }
    if (key.startsWith('$')) continue;
    if (isPlainObject(condition) && Object.keys(condition).some((k) => k.startsWith('$'))) {
      if ('$eq' in condition) setPath(into, key, cloneValue(condition.$eq));
      continue;
    }
    setPath(into, key, cloneValue(condition));
  }
}

/** The document an upsert inserts when nothing matched. */
export function buildUpsert(spec: UpdateSpec, context: UpdateContext): Document {
  const seed: Document = {};
  seedFromFilter(context.filter, seed);
  let doc: Document;
  if (!Array.isArray(spec) && !isOperatorUpdate(spec)) {
    const replaced = applyReplacement({ _id: seed._id }, spec);
    doc = replaced._id === undefined ? { ...replaced, _id: new ObjectId() } : replaced;
  } else {
    const updateContext = { ...context, inserting: true };
    doc = Array.isArray(spec)
      ? applyPipeline(seed, spec, updateContext)
      : applyOperators(seed, spec, updateContext);
    if (seed._id !== undefined && encodeKey(doc._id) !== encodeKey(seed._id)) {
      throw immutableId();
    }
  }
  return withIdFirst(doc);
}
