/**
 * The corpus entities an article mentions, found by the very matcher and linker that mark web
 * pages (lib/match): each paragraph is one chunk, the whole article one page, so a full name in
 * one paragraph is evidence for a surname in another, exactly as on the web.
 */
import { buildMatcher, type Matcher } from '../match/matcher';
import { Linker, newPageEvidence, type Evidence } from '../match/link';
import { tokenize } from '../match/text';
import type { MatcherEntity } from '../messaging/protocol';
import type { EntityKind } from '../corpus/schema';
import { paragraphs } from './sentences';

/** One linked mention, with offsets in the stored text. */
export interface EntityLink {
  start: number;
  end: number;
  entityId: string;
  kind: EntityKind;
  evidence: Evidence;
}

interface Detector {
  matcher: Matcher;
  linker: Linker;
  kinds: Map<string, EntityKind>;
}

/** Built once per entity list: building the matcher is linear in the aliases, not free. */
const detectors = new WeakMap<readonly MatcherEntity[], Detector>();

function detector(entities: readonly MatcherEntity[]): Detector {
  let d = detectors.get(entities);
  if (!d) {
    d = {
      matcher: buildMatcher(entities),
      linker: new Linker(entities),
      kinds: new Map(entities.map((e) => [e.id, e.kind])),
    };
    detectors.set(entities, d);
  }
  return d;
}

/** Every link in the text, in order. */
export function linkEntities(text: string, entities: readonly MatcherEntity[]): EntityLink[] {
  const { matcher, linker, kinds } = detector(entities);
  const paras = paragraphs(text);
  const chunks = paras.map((p) => {
    const tokens = tokenize(p.text);
    return { text: p.text, tokens, candidates: matcher.scan(p.text, tokens) };
  });
  const links = linker.link(chunks, newPageEvidence());
  return links.flatMap((list, i) =>
    list.map((l) => ({
      start: paras[i]!.start + l.start,
      end: paras[i]!.start + l.end,
      entityId: l.entityId,
      kind: kinds.get(l.entityId) ?? 'person',
      evidence: l.evidence,
    })),
  );
}
