/**
 * Packs in a corpus, as pure functions over plain data: a corpus is a list of layers (the
 * bundled corpus first, then each pack), and what the extension reads is their merge.
 *
 * - A pack's items keep their own ids, prefixed by the pack id (`<pack>--<id>`): they can never
 *   collide with the bundled corpus (whose ids have no `--`) or another pack.
 * - Entities are shared: the same id is the same entity in every layer. Their aliases, titles,
 *   topics, roles, properties and sources are united, each statement with its own source; where
 *   layers disagree (another country, another value of a property) both are kept side by side,
 *   never one chosen over the other.
 * - An alias that two entities now share is flagged ambiguous in the merge (the linker's rules
 *   for ambiguous aliases then apply), exactly as `corpus:check` demands within one corpus.
 * - Removing a pack drops its layer; the merge of what remains is exactly the merge without it.
 *   Importing a newer version of a pack replaces its layer in one step.
 */
import type { Problem } from '../corpus/compile';
import type { CorpusAlias, CorpusBundle, CorpusEntity } from '../corpus/schema';
import { phraseKey } from '../match/matcher';
import { BUNDLED_ORIGIN, compareVersions, type PackManifest } from './format';
import type { CheckedPack } from './read';

/** Between a pack id and an item id. Kebab-case ids never contain it, so the split is unambiguous. */
export const NAMESPACE_SEPARATOR = '--';

export const namespacedId = (packId: string, id: string) => `${packId}${NAMESPACE_SEPARATOR}${id}`;

/** The layer an item id belongs to: its pack, or the bundled corpus. */
export function originOf(id: string): string {
  const at = id.indexOf(NAMESPACE_SEPARATOR);
  return at < 0 ? BUNDLED_ORIGIN : id.slice(0, at);
}

export interface PackLayer {
  /** The pack id, or BUNDLED_ORIGIN. */
  origin: string;
  manifest: PackManifest | null;
  /** The layer's corpus, item ids namespaced (entity ids are not: they are shared). */
  bundle: CorpusBundle;
}

export interface LayeredCorpus {
  readonly layers: readonly PackLayer[];
}

/** A merged entity: every layer's contribution, with the layers it came from. */
export interface MergedEntity extends CorpusEntity {
  origins: string[];
  /** Countries other layers state that differ from `country`, each with its source. */
  otherCountries: NonNullable<CorpusEntity['country']>[];
}

export type MergedBundle = Omit<CorpusBundle, 'entities'> & { entities: MergedEntity[] };

export function bundledCorpus(bundle: CorpusBundle): LayeredCorpus {
  return { layers: [{ origin: BUNDLED_ORIGIN, manifest: null, bundle }] };
}

/** A checked pack as a layer: every item id, and every reference to a source, namespaced. */
export function layerOf(pack: CheckedPack): PackLayer {
  const ns = (id: string) => namespacedId(pack.manifest.id, id);
  const b = pack.bundle;
  return {
    origin: pack.manifest.id,
    manifest: pack.manifest,
    bundle: {
      version: b.version,
      sources: b.sources.map((s) => ({ ...s, id: ns(s.id) })),
      entities: b.entities.map((e) => ({
        ...e,
        country: e.country ? { ...e.country, sourceId: ns(e.country.sourceId) } : null,
        roles: e.roles.map((r) => ({ ...r, sourceId: ns(r.sourceId) })),
        properties: e.properties.map((p) => ({ ...p, sourceId: ns(p.sourceId) })),
        sourceIds: e.sourceIds.map(ns),
      })),
      facts: b.facts.map((f) => ({ ...f, id: ns(f.id), sourceId: ns(f.sourceId) })),
      quotes: b.quotes.map((q) => ({ ...q, id: ns(q.id), sourceId: ns(q.sourceId) })),
      events: b.events.map((e) => ({
        ...e,
        id: ns(e.id),
        evidence: e.evidence.map((x) => ({ ...x, sourceId: ns(x.sourceId) })),
      })),
      claims: b.claims.map((c) => ({
        ...c,
        id: ns(c.id),
        positions: c.positions.map((p) => ({ ...p, sourceId: ns(p.sourceId) })),
      })),
    },
  };
}

/** What an import changes, for the preview. */
export interface ImportReport {
  change: 'added' | 'replaced' | 'unchanged';
  /** The version replaced, when one was. */
  previousVersion: string | null;
  /** Entities of the pack that other layers already have (merged, not duplicated). */
  mergedEntities: string[];
  /**
   * Names the pack adds to entities others already have: they will be highlighted as those
   * entities on every page, so the reader sees them before importing.
   */
  addedAliases: { entityId: string; aliases: string[] }[];
  /** Aliases that the import makes shared between entities, now flagged ambiguous. */
  newlyAmbiguous: { alias: string; entityIds: string[] }[];
  /** Statements on a merged entity that differ between layers, kept side by side. */
  conflicts: { entityId: string; about: string; values: { value: string; sourceId: string; quote: string }[] }[];
}

export type ImportResult =
  | {
      ok: true;
      corpus: LayeredCorpus;
      report: ImportReport;
      /** mergedCorpus(corpus), computed once for the caller. */
      view: MergedBundle;
    }
  | { ok: false; problems: Problem[] };

/**
 * Imports a checked pack: added as a new layer, or replacing an older version of itself in
 * place. Refused, with the reason, when it is an older or a different same-numbered version, or
 * when it gives an entity another kind than the corpus has (the same id must be the same entity).
 */
export function importPack(corpus: LayeredCorpus, pack: CheckedPack): ImportResult {
  const { manifest } = pack;
  const problem = (item: string, reason: string): ImportResult => ({
    ok: false,
    problems: [{ file: 'pack', item, reason }],
  });
  const index = corpus.layers.findIndex((l) => l.origin === manifest.id);
  const previous = index >= 0 ? corpus.layers[index]!.manifest : null;
  if (previous) {
    const order = compareVersions(manifest.version, previous.version);
    if (order === 0 && previous.contentHash === manifest.contentHash) {
      return {
        ok: true,
        corpus,
        report: { ...emptyReport(), change: 'unchanged', previousVersion: previous.version },
        view: mergedCorpus(corpus),
      };
    }
    if (order === 0) {
      return problem(
        'manifest.version',
        `pack "${manifest.id}" version ${manifest.version} is already imported with other content: a changed pack needs a new version`,
      );
    }
    if (order < 0) {
      return problem(
        'manifest.version',
        `pack "${manifest.id}" version ${previous.version} is imported; this file is the older ${manifest.version}`,
      );
    }
  }
  const layer = layerOf(pack);
  const others = corpus.layers.filter((l) => l.origin !== manifest.id);
  const kinds = new Map<string, { kind: string; origin: string }>();
  for (const l of others) for (const e of l.bundle.entities) kinds.set(e.id, { kind: e.kind, origin: l.origin });
  const problems: Problem[] = [];
  for (const e of layer.bundle.entities) {
    const known = kinds.get(e.id);
    if (known && known.kind !== e.kind) {
      problems.push({
        file: 'pack',
        item: e.id,
        reason: `is a ${e.kind} here but a ${known.kind} in ${describeOrigin(known.origin)}: the same id must name the same entity`,
      });
    }
  }
  if (problems.length) return { ok: false, problems };

  const layers = index >= 0 ? corpus.layers.map((l, i) => (i === index ? layer : l)) : [...corpus.layers, layer];
  const next: LayeredCorpus = { layers };
  const view = mergedCorpus(next);
  return {
    ok: true,
    corpus: next,
    view,
    report: reportOf(mergedCorpus({ layers: others }), view, layer, previous?.version ?? null),
  };
}

/** Removes a pack's layer: everything it brought goes, and nothing else. */
export function removePack(corpus: LayeredCorpus, packId: string): LayeredCorpus {
  if (packId === BUNDLED_ORIGIN) throw new Error('the bundled corpus is not a pack');
  return { layers: corpus.layers.filter((l) => l.origin !== packId) };
}

/** The corpus the extension reads: every layer merged (see the module comment). */
export function mergedCorpus(corpus: LayeredCorpus): MergedBundle {
  const bundles = corpus.layers.map((l) => l.bundle);
  const parts = new Map<string, { origin: string; entity: CorpusEntity }[]>();
  for (const l of corpus.layers) {
    for (const entity of l.bundle.entities) {
      const list = parts.get(entity.id) ?? [];
      list.push({ origin: l.origin, entity });
      parts.set(entity.id, list);
    }
  }
  const entities = [...parts.values()].map(mergeEntity);
  flagSharedAliases(entities);
  return {
    version: corpus.layers.map((l) => `${l.origin}:${l.bundle.version}`).join('|'),
    sources: bundles.flatMap((b) => b.sources),
    entities,
    facts: bundles.flatMap((b) => b.facts),
    quotes: bundles.flatMap((b) => b.quotes),
    events: bundles.flatMap((b) => b.events).sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id)),
    claims: bundles.flatMap((b) => b.claims),
  };
}

const union = <T>(lists: T[][]): T[] => [...new Set(lists.flat())];

function mergeEntity(parts: { origin: string; entity: CorpusEntity }[]): MergedEntity {
  const first = parts[0]!.entity;
  const aliasDetails: CorpusAlias[] = [];
  const byKey = new Map<string, CorpusAlias>();
  for (const { entity } of parts) {
    for (const alias of entity.aliasDetails) {
      const key = phraseKey(alias.text);
      const known = byKey.get(key);
      if (!known) {
        const copy = { ...alias };
        byKey.set(key, copy);
        aliasDetails.push(copy);
      } else if (alias.ambiguous && !known.ambiguous) {
        // Any layer's doubt about an alias stands: it needs evidence in every layer's articles.
        known.ambiguous = alias.ambiguous;
        delete known.common;
      }
    }
  }
  const countries = parts.flatMap(({ entity }) => (entity.country ? [entity.country] : []));
  const country = countries[0] ?? null;
  const otherCountries = countries.filter((c) => country && c.value !== country.value);
  return {
    id: first.id,
    kind: first.kind,
    name: first.name,
    aliases: aliasDetails.map((a) => a.text),
    aliasDetails,
    titles: union(parts.map((p) => p.entity.titles)),
    topics: union(parts.map((p) => p.entity.topics)),
    excludes: union(parts.map((p) => p.entity.excludes)),
    description: parts.find((p) => p.entity.description)?.entity.description ?? null,
    country,
    roles: parts.flatMap((p) => p.entity.roles),
    properties: parts.flatMap((p) => p.entity.properties),
    sourceIds: union(parts.map((p) => p.entity.sourceIds)).sort(),
    relatedIds: union(parts.map((p) => p.entity.relatedIds)).sort(),
    origins: parts.map((p) => p.origin),
    otherCountries,
  };
}

/** The reason given on an alias flagged by the merge. */
export const sharedAliasReason = (others: string[]) => `shared with ${others.join(', ')} (another corpus layer)`;

/** An alias that two entities share links neither on its own: flagged ambiguous, as corpus:check demands. */
function flagSharedAliases(entities: MergedEntity[]): void {
  const owners = new Map<string, MergedEntity[]>();
  for (const e of entities) {
    for (const a of e.aliasDetails) {
      const key = phraseKey(a.text);
      const list = owners.get(key) ?? [];
      if (!list.includes(e)) list.push(e);
      owners.set(key, list);
    }
  }
  for (const [key, list] of owners) {
    if (list.length < 2) continue;
    for (const e of list) {
      for (const a of e.aliasDetails) {
        if (a.ambiguous || phraseKey(a.text) !== key) continue;
        a.ambiguous = sharedAliasReason(list.filter((o) => o !== e).map((o) => o.id));
        delete a.common;
      }
    }
  }
}

function emptyReport(): ImportReport {
  return {
    change: 'added',
    previousVersion: null,
    mergedEntities: [],
    addedAliases: [],
    newlyAmbiguous: [],
    conflicts: [],
  };
}

function describeOrigin(origin: string): string {
  return origin === BUNDLED_ORIGIN ? 'the bundled corpus' : `pack "${origin}"`;
}

function reportOf(
  beforeView: MergedBundle,
  afterView: MergedBundle,
  layer: PackLayer,
  previousVersion: string | null,
): ImportReport {
  const brought = new Set(layer.bundle.entities.map((e) => e.id));
  const after = new Map(afterView.entities.map((e) => [e.id, e]));
  const existing = new Map(beforeView.entities.map((e) => [e.id, e]));
  const mergedEntities = layer.bundle.entities.filter((e) => existing.has(e.id)).map((e) => e.id);
  const wasAmbiguous = new Set(
    beforeView.entities.flatMap((e) =>
      e.aliasDetails.filter((a) => a.ambiguous).map((a) => `${e.id}|${phraseKey(a.text)}`),
    ),
  );
  const newly = new Map<string, { alias: string; entityIds: string[] }>();
  for (const e of afterView.entities) {
    for (const a of e.aliasDetails) {
      const key = phraseKey(a.text);
      if (!a.ambiguous?.startsWith('shared with ') || wasAmbiguous.has(`${e.id}|${key}`)) continue;
      if (!existing.has(e.id) && !brought.has(e.id)) continue;
      const entry = newly.get(key) ?? { alias: a.text, entityIds: [] };
      entry.entityIds.push(e.id);
      newly.set(key, entry);
    }
  }
  const conflicts: ImportReport['conflicts'] = [];
  const addedAliases: ImportReport['addedAliases'] = [];
  for (const id of mergedEntities) {
    const merged = after.get(id)!;
    const known = new Set(existing.get(id)!.aliasDetails.map((a) => phraseKey(a.text)));
    const added = merged.aliasDetails.filter((a) => !known.has(phraseKey(a.text))).map((a) => a.text);
    if (added.length) addedAliases.push({ entityId: id, aliases: added });
    if (merged.otherCountries.length && merged.country) {
      conflicts.push({ entityId: id, about: 'country', values: [merged.country, ...merged.otherCountries] });
    }
    const byProperty = new Map<string, MergedEntity['properties']>();
    for (const p of merged.properties) byProperty.set(p.property, [...(byProperty.get(p.property) ?? []), p]);
    for (const [property, list] of byProperty) {
      if (new Set(list.map((p) => p.value)).size > 1) {
        conflicts.push({
          entityId: id,
          about: property,
          values: list.map((p) => ({ value: p.value, sourceId: p.sourceId, quote: p.quote })),
        });
      }
    }
  }
  return {
    change: previousVersion ? 'replaced' : 'added',
    previousVersion,
    mergedEntities,
    addedAliases,
    newlyAmbiguous: [...newly.values()],
    conflicts,
  };
}
