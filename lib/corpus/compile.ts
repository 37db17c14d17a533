/**
 * Compiles the authoring files (already read and parsed) into one bundle, and reports every
 * rule the corpus breaks as `file: item: reason`. Pure: the file system lives in scripts/corpus.
 */
import { READER_ID_PREFIX } from '../reader/rows';
import * as v from 'valibot';
import {
  ClaimInput,
  EntityInput,
  EventInput,
  SourceInput,
  type CorpusBundle,
  type CorpusEntity,
  type CorpusSource,
  type DatedFields,
  type DateSpecInput,
  type EntityKind,
} from './schema';
import { entityIdFromName } from './names';
import { buildMatcher, phraseKey } from '../match/matcher';
import { Linker, newPageEvidence } from '../match/link';
import { tokenize } from '../match/text';

export interface RawFile {
  /** Path shown in problems, relative to the repository. */
  file: string;
  /** Parsed YAML (anything: it is validated here). */
  data: unknown;
}

export interface RawSource extends RawFile {
  /** Folder name, which must equal the source id. */
  folder: string;
  articleFile: string;
  /** The article exactly as stored. */
  text: string;
}

export interface RawCorpus {
  sources: RawSource[];
  entities: (RawFile & { kind: EntityKind })[];
  events: RawFile[];
  claims: RawFile[];
}

export interface Problem {
  file: string;
  item: string;
  reason: string;
}

export function formatProblem(p: Problem): string {
  return `${p.file}: ${p.item}: ${p.reason}`;
}

export interface CompileResult {
  bundle: CorpusBundle | null;
  problems: Problem[];
}

const DATE_FORMS = { year: /^\d{4}$/, month: /^\d{4}-\d{2}$/, day: /^\d{4}-\d{2}-\d{2}$/ } as const;

/** Returns why a date spec is wrong, or null. */
export function dateProblem(spec: DateSpecInput): string | null {
  const form = DATE_FORMS[spec.precision];
  if (!form.test(spec.date)) {
    const actual = Object.entries(DATE_FORMS).find(([, re]) => re.test(spec.date))?.[0];
    return actual
      ? `date "${spec.date}" has ${actual} precision but is marked ${spec.precision}`
      : `malformed date "${spec.date}" (expected YYYY, YYYY-MM or YYYY-MM-DD)`;
  }
  const [y, m = 1, d = 1] = spec.date.split('-').map(Number) as [number, number?, number?];
  const probe = new Date(Date.UTC(y, m - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d) {
    return `malformed date "${spec.date}" (no such day)`;
  }
  if ((spec.method === 'relative' || spec.method === 'outside-fact') && !spec.note) {
    return `a ${spec.method} date needs a note saying how it was resolved`;
  }
  if (spec.method === 'outside-fact' && !spec.outsideFact) {
    return 'an outside-fact date must name the outside fact (outsideFact)';
  }
  if (spec.method !== 'outside-fact' && spec.outsideFact) {
    return `outsideFact is given but method is ${spec.method}`;
  }
  return null;
}

function dated(spec: DateSpecInput): DatedFields {
  return {
    date: spec.date,
    datePrecision: spec.precision,
    dateMethod: spec.method,
    dateNote: spec.note,
    outsideFact: spec.outsideFact,
  };
}

function issuePath(issue: v.BaseIssue<unknown>): string {
  const keys = issue.path?.map((p) => String(p.key)) ?? [];
  return keys.length ? keys.join('.') : '(root)';
}

/** Validates one parsed file (a list or a single object) against a schema. */
function parseItems<S extends v.GenericSchema>(
  raw: RawFile,
  schema: S,
  list: boolean,
  problems: Problem[],
): v.InferOutput<S>[] {
  const items: unknown[] = list ? (Array.isArray(raw.data) ? raw.data : []) : [raw.data];
  if (list && !Array.isArray(raw.data)) {
    problems.push({ file: raw.file, item: '(root)', reason: 'must be a YAML list' });
  }
  const out: v.InferOutput<S>[] = [];
  items.forEach((item, index) => {
    const result = v.safeParse(schema, item);
    if (result.success) {
      out.push(result.output);
      return;
    }
    const label = item && typeof item === 'object' && 'id' in item ? String(item.id) : `#${index + 1}`;
    for (const issue of result.issues) {
      problems.push({ file: raw.file, item: `${label} ${issuePath(issue)}`, reason: issue.message });
    }
  });
  return out;
}

/**
 * An entity's aliases with its canonical name first when no alias already reads the same to the
 * matcher: a page that writes the full name ("Matthew Miller", "Andriy Yermak") must be matched
 * even where the articles used another spelling.
 */
function withName(input: v.InferOutput<typeof EntityInput>): v.InferOutput<typeof EntityInput>['aliases'] {
  const key = phraseKey(input.name);
  const listed = input.aliases.some((a) => phraseKey(typeof a === 'string' ? a : a.text) === key);
  return listed ? input.aliases : [input.name, ...input.aliases];
}

/**
 * Compiles the raw files. `hash` turns the canonical JSON of the content into the version
 * string (sha-256 in Node; injected so this module stays free of Node APIs).
 */
export function compileCorpus(raw: RawCorpus, hash: (content: string) => string): CompileResult {
  const problems: Problem[] = [];
  const problem = (file: string, item: string, reason: string) => problems.push({ file, item, reason });

  // ---- parse -------------------------------------------------------------------------
  const sourceInputs = raw.sources.flatMap((s) =>
    parseItems(s, SourceInput, false, problems).map((input) => ({ raw: s, input })),
  );
  const entityInputs = raw.entities.flatMap((f) =>
    parseItems(f, EntityInput, true, problems).map((input) => ({
      file: f.file,
      kind: f.kind,
      input: { ...input, aliases: withName(input) },
    })),
  );
  const eventInputs = raw.events.flatMap((f) =>
    parseItems(f, EventInput, true, problems).map((input) => ({ file: f.file, input })),
  );
  const claimInputs = raw.claims.flatMap((f) =>
    parseItems(f, ClaimInput, true, problems).map((input) => ({ file: f.file, input })),
  );

  // ---- ids ---------------------------------------------------------------------------
  const seenIds = new Map<string, string>();
  const claimId = (file: string, id: string, what: string) => {
    const earlier = seenIds.get(id);
    if (earlier) problem(file, id, `duplicated id (also a ${earlier})`);
    else seenIds.set(id, what);
    // The reader's own articles and people have ids of this form (lib/reader/rows.ts).
    if (id.startsWith(READER_ID_PREFIX)) problem(file, id, `ids starting with "${READER_ID_PREFIX}" are the reader's`);
  };
  const sourceTexts = new Map<string, { text: string; file: string }>();
  for (const { raw: r, input } of sourceInputs) {
    claimId(r.file, input.id, 'source');
    if (input.id !== r.folder) problem(r.file, input.id, `id must equal its folder name "${r.folder}"`);
    sourceTexts.set(input.id, { text: r.text, file: r.articleFile });
  }
  const entityIds = new Set<string>();
  for (const { file, kind, input } of entityInputs) {
    claimId(file, input.id, 'entity');
    entityIds.add(input.id);
    if (input.kind !== kind) problem(file, input.id, `kind ${input.kind} does not belong in this file (${kind})`);
    const expected = entityIdFromName(input.name);
    if (input.id !== expected) problem(file, input.id, `id must be made from the name "${input.name}": ${expected}`);
  }
  for (const { raw: r, input } of sourceInputs) {
    for (const f of input.facts) claimId(r.file, f.id, 'fact');
    for (const q of input.quotes) claimId(r.file, q.id, 'quote');
  }
  for (const { file, input } of eventInputs) claimId(file, input.id, 'event');
  for (const { file, input } of claimInputs) claimId(file, input.id, 'claim');

  // ---- references, verbatim quotes, dates ----------------------------------------------
  const cited = new Set<string>();
  const withFact = new Set<string>();
  const checkEntity = (file: string, item: string, entityId: string) => {
    if (!entityIds.has(entityId)) problem(file, item, `unknown entity "${entityId}"`);
  };
  const checkQuote = (file: string, item: string, sourceId: string, quote: string, field = 'quote', cites = true) => {
    const source = sourceTexts.get(sourceId);
    if (!source) {
      problem(file, item, `unknown source "${sourceId}"`);
      return;
    }
    if (cites) cited.add(sourceId);
    if (!source.text.includes(quote)) {
      problem(file, item, `${field} is not verbatim in ${source.file}: "${quote}"`);
    }
  };
  const checkDate = (file: string, item: string, spec: DateSpecInput | null | undefined) => {
    if (!spec) return;
    const why = dateProblem(spec);
    if (why) problem(file, item, why);
  };

  for (const { raw: r, input } of sourceInputs) {
    // The source's own metadata quotes do not count as citing it.
    const own = (item: string, quote: string, field?: string) =>
      checkQuote(r.file, item, input.id, quote, field, false);
    checkDate(r.file, `${input.id} published`, input.published);
    if (input.published.method === 'publication') {
      problem(r.file, `${input.id} published`, 'a publication date cannot be dated by itself');
    }
    if (input.publisher && !input.publisherEvidence) {
      problem(r.file, input.id, 'publisher needs publisherEvidence (a quote that shows it)');
    }
    if (input.publisherEvidence) own(input.id, input.publisherEvidence, 'publisherEvidence');
    if (input.author && !input.authorEvidence) {
      problem(r.file, input.id, 'author needs authorEvidence (a quote that shows it)');
    }
    if (input.authorEvidence) own(input.id, input.authorEvidence, 'authorEvidence');
    input.datingEvidence.forEach((q) => own(`${input.id} datingEvidence`, q));
    own(`${input.id} position`, input.position.quote);
    for (const f of input.facts) {
      f.entities.forEach((e) => checkEntity(r.file, f.id, e));
      f.entities.forEach((e) => withFact.add(e));
      own(f.id, f.quote);
    }
    for (const q of input.quotes) {
      checkEntity(r.file, q.id, q.speaker);
      own(q.id, q.text, 'text');
      checkDate(r.file, q.id, q.date);
    }
  }
  // A source's own facts and quotes cite it; so do events, claims, roles and properties below.
  for (const { input } of sourceInputs) {
    if (input.facts.length || input.quotes.length) cited.add(input.id);
  }

  const aliasOwners = new Map<string, { entityId: string; ambiguous: boolean; file: string; alias: string }[]>();
  for (const { file, input } of entityInputs) {
    const seenHere = new Set<string>();
    for (const a of input.aliases) {
      const alias = typeof a === 'string' ? { text: a, ambiguous: null } : a;
      // Compared as the matcher sees them: "long-range missile" and "long range missile" are one alias.
      const key = phraseKey(alias.text);
      if (seenHere.has(key))
        problem(
          file,
          input.id,
          `alias "${alias.text}" is listed twice (the matcher does not tell the spellings apart)`,
        );
      seenHere.add(key);
      const owners = aliasOwners.get(key) ?? [];
      owners.push({ entityId: input.id, ambiguous: alias.ambiguous !== null, file, alias: alias.text });
      aliasOwners.set(key, owners);
    }
    for (const why of commonNameProblems(input)) problem(file, input.id, why);
    if (input.country) checkQuote(file, `${input.id} country`, input.country.source, input.country.quote);
    for (const role of input.roles) {
      checkQuote(file, `${input.id} role "${role.role}"`, role.source, role.quote);
      checkDate(file, `${input.id} role "${role.role}"`, role.asOf);
    }
    for (const p of input.properties) {
      checkQuote(file, `${input.id} ${p.property}`, p.source, p.quote);
      checkDate(file, `${input.id} ${p.property}`, p.asOf);
    }
    if (input.kind === 'person' && input.properties.length) {
      problem(file, input.id, 'people have roles, not properties');
    }
    if (input.kind !== 'person' && (input.roles.length || input.country)) {
      problem(file, input.id, 'only people have roles and a country');
    }
  }
  for (const owners of aliasOwners.values()) {
    const ids = new Set(owners.map((o) => o.entityId));
    if (ids.size < 2) continue;
    for (const o of owners.filter((x) => !x.ambiguous)) {
      const others = [...ids].filter((i) => i !== o.entityId).join(', ');
      problem(o.file, o.entityId, `alias "${o.alias}" is shared with ${others} and must be flagged ambiguous`);
    }
  }

  for (const { file, input } of eventInputs) {
    checkDate(file, input.id, input);
    input.entities.forEach((e) => checkEntity(file, input.id, e));
    const sources = new Set<string>();
    for (const ev of input.evidence) {
      if (sources.has(ev.source)) problem(file, input.id, `two evidence entries from ${ev.source}; join them`);
      sources.add(ev.source);
      checkQuote(file, input.id, ev.source, ev.quote);
    }
  }
  for (const { file, input } of claimInputs) {
    checkDate(file, input.id, input.date);
    input.entities.forEach((e) => checkEntity(file, input.id, e));
    for (const p of input.positions) {
      if (p.speaker) checkEntity(file, input.id, p.speaker);
      checkQuote(file, input.id, p.source, p.quote);
    }
    const distinct = new Set(input.positions.map((p) => `${p.stance}|${p.speaker ?? ''}|${p.source}`));
    const stances = new Set(input.positions.map((p) => p.stance));
    const voices = new Set(input.positions.map((p) => `${p.source}|${p.speaker ?? ''}`));
    if (distinct.size < 2 || (stances.size < 2 && voices.size < 2)) {
      problem(file, input.id, 'positions do not differ: not a dispute');
    }
  }

  for (const { file, input } of entityInputs) {
    if (!withFact.has(input.id)) problem(file, input.id, 'entity has no fact');
  }
  for (const { raw: r, input } of sourceInputs) {
    if (!cited.has(input.id)) {
      problem(r.file, input.id, 'source is never cited (no fact, quote, event or claim uses it)');
    }
  }
  if (!sourceInputs.length) problem('corpus/sources', '(root)', 'no sources');
  if (problems.length) return { bundle: null, problems };

  // ---- build -------------------------------------------------------------------------
  const entities: CorpusEntity[] = entityInputs.map(({ input }) => {
    const aliasDetails = input.aliases.map((a) =>
      typeof a === 'string'
        ? { text: a, ambiguous: null }
        : { text: a.text, ambiguous: a.ambiguous, ...(a.common ? { common: a.common } : {}) },
    );
    return {
      id: input.id,
      kind: input.kind,
      name: input.name,
      aliases: aliasDetails.map((a) => a.text),
      aliasDetails,
      titles: input.titles,
      topics: input.topics,
      excludes: input.excludes,
      description: input.description,
      country: input.country
        ? { value: input.country.value, sourceId: input.country.source, quote: input.country.quote }
        : null,
      roles: input.roles.map((r) => ({
        role: r.role,
        sourceId: r.source,
        quote: r.quote,
        asOf: asOfOrPublication(r.asOf, r.source, sourceInputs),
      })),
      properties: input.properties.map((p) => ({
        property: p.property,
        value: p.value,
        sourceId: p.source,
        quote: p.quote,
        asOf: asOfOrPublication(p.asOf, p.source, sourceInputs),
      })),
      sourceIds: [],
      relatedIds: [],
    };
  });

  const facts = sourceInputs.flatMap(({ input }) =>
    input.facts.map((f) => ({ id: f.id, entityIds: f.entities, text: f.text, sourceId: input.id, quote: f.quote })),
  );
  const quotes = sourceInputs.flatMap(({ input }) =>
    input.quotes.map((q) => ({
      id: q.id,
      speakerId: q.speaker,
      text: q.text,
      sourceId: input.id,
      date: q.date?.date ?? null,
      datePrecision: q.date?.precision ?? null,
      dateMethod: q.date?.method ?? null,
      dateNote: q.date?.note ?? null,
      outsideFact: q.date?.outsideFact ?? null,
      context: q.context,
      reportedBy: q.reportedBy,
    })),
  );
  const events = eventInputs
    .map(({ input }) => ({
      id: input.id,
      title: input.title,
      ...dated(input),
      entityIds: input.entities,
      evidence: input.evidence.map((e) => ({ sourceId: e.source, quote: e.quote })),
    }))
    .sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
  const claims = claimInputs.map(({ input }) => ({
    id: input.id,
    question: input.question,
    entityIds: input.entities,
    date: input.date ? dated(input.date) : null,
    positions: input.positions.map((p) => ({
      sourceId: p.source,
      speakerId: p.speaker,
      stance: p.stance,
      summary: p.summary,
      quote: p.quote,
    })),
  }));

  // Which sources mention each entity: what the extension's own matcher links in the text, and
  // the sources of its facts and quotes.
  const mentions = new Map<string, Set<string>>(entities.map((e) => [e.id, new Set()]));
  const addMention = (entityId: string, sourceId: string) => mentions.get(entityId)?.add(sourceId);
  const matcher = buildMatcher(entities);
  const linker = new Linker(entities);
  for (const s of sourceInputs) {
    const chunks = s.raw.text
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => {
        const tokens = tokenize(line);
        return { text: line, tokens, candidates: matcher.scan(line, tokens) };
      });
    for (const links of linker.link(chunks, newPageEvidence()))
      for (const l of links) addMention(l.entityId, s.input.id);
  }
  facts.forEach((f) => f.entityIds.forEach((e) => addMention(e, f.sourceId)));
  quotes.forEach((q) => addMention(q.speakerId, q.sourceId));
  for (const e of entities) e.sourceIds = [...(mentions.get(e.id) ?? [])].sort();

  const related = new Map<string, Set<string>>(entities.map((e) => [e.id, new Set()]));
  const groups = [
    ...facts.map((f) => f.entityIds),
    ...events.map((e) => e.entityIds),
    ...claims.map((c) => [...c.entityIds, ...c.positions.flatMap((p) => (p.speakerId ? [p.speakerId] : []))]),
  ];
  for (const group of groups) for (const a of group) for (const b of group) if (a !== b) related.get(a)?.add(b);
  for (const e of entities) e.relatedIds = [...(related.get(e.id) ?? [])].sort();

  // Which entities each source mentions: one pass (a filter per source is quadratic at 5,000 sources).
  const mentioned = new Map<string, string[]>();
  for (const e of entities) {
    for (const id of e.sourceIds) {
      const list = mentioned.get(id);
      if (list) list.push(e.id);
      else mentioned.set(id, [e.id]);
    }
  }
  const sources: CorpusSource[] = sourceInputs.map(({ raw: r, input }) => ({
    id: input.id,
    seed: input.seed,
    title: input.title,
    titleKind: input.titleKind,
    publisher: input.publisher,
    publisherEvidence: input.publisherEvidence,
    publisherNote: input.publisherNote,
    author: input.author,
    authorEvidence: input.authorEvidence,
    ...dated(input.published),
    publishedAt: input.published.date,
    datingEvidence: input.datingEvidence,
    position: input.position,
    entityIds: mentioned.get(input.id) ?? [],
    text: r.text,
  }));

  const content = { sources, entities, facts, quotes, events, claims };
  const version = hash(JSON.stringify(content));
  return { bundle: { version, ...content }, problems };
}

/**
 * The rules of the `common` flag (docs/adr/014): a full name that other people bear too. It is a
 * person's name of two words or more whose surname the corpus already calls ambiguous (a full
 * name is only as common as its surname), never also ambiguous itself; the canonical name is
 * flagged with its other spellings (the page writes that one most); and the entity has topic
 * words, without which a common name could never link.
 */
function commonNameProblems(input: v.InferOutput<typeof EntityInput>): string[] {
  const aliases = input.aliases.map((a) => (typeof a === 'string' ? { text: a, ambiguous: null, common: null } : a));
  const common = aliases.filter((a) => a.common);
  if (!common.length) return [];
  const problems: string[] = [];
  if (input.kind !== 'person') problems.push('only people have common names');
  const ambiguousWords = new Set(
    aliases.filter((a) => a.ambiguous && tokenize(a.text).length === 1).map((a) => phraseKey(a.text)),
  );
  for (const a of common) {
    const words = tokenize(a.text);
    if (a.ambiguous) problems.push(`alias "${a.text}" cannot be both ambiguous and common`);
    if (words.length < 2)
      problems.push(`common alias "${a.text}" must be a full name (an ambiguous one-word alias needs evidence anyway)`);
    const surname = words.at(-1)?.folded ?? '';
    if (!ambiguousWords.has(surname))
      problems.push(`common alias "${a.text}": its surname must be an alias of the entity flagged ambiguous`);
  }
  const name = aliases.find((a) => phraseKey(a.text) === phraseKey(input.name));
  if (!name?.common)
    problems.push(`has common aliases, so its name "${input.name}" must be listed and flagged common too`);
  if (!input.topics.length) problems.push('a common name needs topic words: without them it could never link');
  return problems;
}

function asOfOrPublication(
  spec: DateSpecInput | undefined,
  sourceId: string,
  sources: { input: v.InferOutput<typeof SourceInput> }[],
): DatedFields {
  if (spec) return dated(spec);
  const published = sources.find((s) => s.input.id === sourceId)?.input.published;
  if (!published) throw new Error(`unknown source ${sourceId}`); // unreachable: checked above
  return { ...dated(published), dateMethod: 'publication', dateNote: null, outsideFact: null };
}
