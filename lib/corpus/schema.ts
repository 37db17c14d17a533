/**
 * The corpus in two shapes: the authoring format (YAML files under corpus/, see
 * corpus/README.md) and the compiled bundle that the extension loads and
 * `npm run corpus:export` prints (docs/contracts.md section 5).
 */
import * as v from 'valibot';

export const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** An item id in the database: an id, or a pack's id prefixed by the pack's (`<pack>--<id>`, lib/pack/merge.ts). */
export const ITEM_ID_PATTERN = /^(?:[a-z0-9]+(?:-[a-z0-9]+)*--)?[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const DATE_PRECISIONS = ['day', 'month', 'year'] as const;
export const DATE_METHODS = ['stated', 'publication', 'relative', 'outside-fact'] as const;
export const STANCES = ['yes', 'no', 'partly', 'unclear'] as const;
export const ENTITY_KINDS = ['person', 'weapon', 'weapon-class'] as const;
export const PROPERTY_NAMES = ['type', 'supplier', 'operator', 'range', 'figures', 'use'] as const;

export type DatePrecision = (typeof DATE_PRECISIONS)[number];
export type DateMethod = (typeof DATE_METHODS)[number];
export type Stance = (typeof STANCES)[number];
export type EntityKind = (typeof ENTITY_KINDS)[number];
export type PropertyName = (typeof PROPERTY_NAMES)[number];

const text = v.pipe(v.string(), v.trim(), v.nonEmpty('must not be empty'));
const id = v.pipe(v.string(), v.regex(ID_PATTERN, 'must be a kebab-case id'));
const nullableText = v.optional(v.nullable(text), null);

// ---------------------------------------------------------------------------
// Authoring format
// ---------------------------------------------------------------------------

export const DateSpecInput = v.strictObject({
  date: v.string('must be a quoted string: YYYY, YYYY-MM or YYYY-MM-DD'),
  precision: v.picklist(DATE_PRECISIONS),
  method: v.picklist(DATE_METHODS),
  note: nullableText,
  outsideFact: nullableText,
});
export type DateSpecInput = v.InferOutput<typeof DateSpecInput>;

export const SourceInput = v.strictObject({
  id,
  seed: nullableText,
  title: text,
  titleKind: v.picklist(['headline', 'editorial']),
  publisher: nullableText,
  publisherEvidence: nullableText,
  publisherNote: nullableText,
  author: nullableText,
  authorEvidence: nullableText,
  published: DateSpecInput,
  datingEvidence: v.optional(v.array(text), []),
  position: v.strictObject({ stance: v.picklist(STANCES), summary: text, quote: text }),
  facts: v.optional(
    v.array(v.strictObject({ id, entities: v.pipe(v.array(id), v.minLength(1)), text, quote: text })),
    [],
  ),
  quotes: v.optional(
    v.array(
      v.strictObject({
        id,
        speaker: id,
        text,
        date: v.optional(v.nullable(DateSpecInput), null),
        context: text,
        reportedBy: nullableText,
      }),
    ),
    [],
  ),
});
export type SourceInput = v.InferOutput<typeof SourceInput>;

const AliasInput = v.union([
  text,
  v.strictObject({ text, ambiguous: v.optional(v.nullable(text), null), common: v.optional(v.nullable(text), null) }),
]);

const StatementInput = v.strictObject({ source: id, quote: text, asOf: v.optional(DateSpecInput) });

export const EntityInput = v.strictObject({
  id,
  name: text,
  kind: v.picklist(ENTITY_KINDS),
  aliases: v.pipe(v.array(AliasInput), v.minLength(1, 'needs at least one alias')),
  titles: v.optional(v.array(text), []),
  topics: v.optional(v.array(text), []),
  excludes: v.optional(v.array(text), []),
  description: nullableText,
  country: v.optional(v.nullable(v.strictObject({ value: text, source: id, quote: text })), null),
  roles: v.optional(v.array(v.strictObject({ role: text, ...StatementInput.entries })), []),
  properties: v.optional(
    v.array(v.strictObject({ property: v.picklist(PROPERTY_NAMES), value: text, ...StatementInput.entries })),
    [],
  ),
});
export type EntityInput = v.InferOutput<typeof EntityInput>;

export const EventInput = v.strictObject({
  id,
  title: text,
  ...DateSpecInput.entries,
  entities: v.optional(v.array(id), []),
  evidence: v.pipe(
    v.array(v.strictObject({ source: id, quote: text })),
    v.minLength(1, 'needs evidence from at least one source'),
  ),
});
export type EventInput = v.InferOutput<typeof EventInput>;

export const ClaimInput = v.strictObject({
  id,
  question: text,
  entities: v.optional(v.array(id), []),
  date: v.optional(v.nullable(DateSpecInput), null),
  positions: v.pipe(
    v.array(
      v.strictObject({
        source: id,
        speaker: v.optional(v.nullable(id), null),
        stance: v.picklist(STANCES),
        summary: text,
        quote: text,
      }),
    ),
    v.minLength(2, 'a disputed claim needs at least two positions'),
  ),
});
export type ClaimInput = v.InferOutput<typeof ClaimInput>;

// ---------------------------------------------------------------------------
// Compiled bundle (what the extension loads; a superset of the export contract)
// ---------------------------------------------------------------------------

export interface DatedFields {
  date: string;
  datePrecision: DatePrecision;
  dateMethod: DateMethod;
  dateNote: string | null;
  outsideFact: string | null;
}

export interface CorpusSource extends DatedFields {
  id: string;
  seed: string | null;
  title: string;
  titleKind: 'headline' | 'editorial';
  publisher: string | null;
  publisherEvidence: string | null;
  publisherNote: string | null;
  author: string | null;
  authorEvidence: string | null;
  /** Same as `date`; the export contract's name for it. */
  publishedAt: string;
  datingEvidence: string[];
  position: { stance: Stance; summary: string; quote: string };
  /** Entities this source mentions (by an alias in its text, or cited by one of its items). */
  entityIds: string[];
  text: string;
}

export interface CorpusAlias {
  text: string;
  /** Why the alias alone is not enough to link; null when it is unambiguous. */
  ambiguous: string | null;
  /**
   * Why this full name is common (others bear it too): present only when flagged. It then links
   * only on pages that show some of the entity's topic evidence (docs/adr/014-linking-unseen-news.md).
   */
  common?: string;
}

export interface SourcedStatement {
  sourceId: string;
  quote: string;
  asOf: DatedFields;
}

export interface CorpusEntity {
  id: string;
  kind: EntityKind;
  name: string;
  /** Every alias as a plain string (export contract). */
  aliases: string[];
  aliasDetails: CorpusAlias[];
  titles: string[];
  topics: string[];
  excludes: string[];
  description: string | null;
  country: { value: string; sourceId: string; quote: string } | null;
  roles: (SourcedStatement & { role: string })[];
  properties: (SourcedStatement & { property: PropertyName; value: string })[];
  sourceIds: string[];
  /** Entities that share a fact, event or claim with this one: evidence for an ambiguous alias. */
  relatedIds: string[];
}

export interface CorpusFact {
  id: string;
  entityIds: string[];
  text: string;
  sourceId: string;
  quote: string;
}

export interface CorpusQuote {
  id: string;
  speakerId: string;
  text: string;
  sourceId: string;
  date: string | null;
  datePrecision: DatePrecision | null;
  dateMethod: DateMethod | null;
  dateNote: string | null;
  outsideFact: string | null;
  context: string;
  reportedBy: string | null;
}

export interface CorpusEvent extends DatedFields {
  id: string;
  title: string;
  entityIds: string[];
  evidence: { sourceId: string; quote: string }[];
}

export interface CorpusClaim {
  id: string;
  question: string;
  entityIds: string[];
  date: DatedFields | null;
  positions: {
    sourceId: string;
    speakerId: string | null;
    stance: Stance;
    summary: string;
    quote: string;
  }[];
}

export interface CorpusBundle {
  version: string;
  sources: CorpusSource[];
  entities: CorpusEntity[];
  facts: CorpusFact[];
  quotes: CorpusQuote[];
  events: CorpusEvent[];
  claims: CorpusClaim[];
}
