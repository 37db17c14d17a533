/** Pieces every part of the message contract uses. */
import * as v from 'valibot';

/** Upper bounds that keep a malformed or hostile message from making the background do unbounded work. */
export const MAX_ENTITY_IDS_PER_REQUEST = 500;
export const MAX_MENTION_COUNT = 1_000_000;
export const MAX_QUERY_LENGTH = 200;
/** Longer than any quote in the corpus; a link to a quote carries it. */
export const MAX_QUOTE_LENGTH = 2000;

export const entityIdSchema = v.pipe(v.string(), v.maxLength(200), v.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/));
/** Sources, facts, quotes, events, claims: an id, or a pack's `<pack>--<id>` (ITEM_ID_PATTERN in lib/corpus/schema.ts). */
export const itemIdSchema = v.pipe(
  v.string(),
  v.maxLength(200),
  v.regex(/^(?:[a-z0-9]+(?:-[a-z0-9]+)*--)?[a-z0-9]+(?:-[a-z0-9]+)*$/),
);

/** Every answer is a value or an error, never a thrown exception across the boundary. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: string };
