/** lib/match/link.ts: the linker's rules, and its cost on pathological pages. */
import { describe, expect, it } from 'vitest';
import type { MatcherEntity } from '@/lib/messaging/protocol';
import { buildMatcher } from '@/lib/match/matcher';
import { Linker, newPageState } from '@/lib/match/link';
import { tokenize } from '@/lib/match/text';

const amb = (text: string, why = 'test') => ({ text, ambiguous: why });
const plain = (text: string) => ({ text, ambiguous: null });
const entity = (e: Partial<MatcherEntity> & Pick<MatcherEntity, 'id' | 'kind' | 'aliasDetails'>): MatcherEntity => ({
  name: e.aliasDetails[0]!.text,
  titles: [],
  topics: [],
  excludes: [],
  relatedIds: [],
  ...e,
});

const PERF_ENTITIES: MatcherEntity[] = [
  entity({
    id: 'lloyd-austin',
    kind: 'person',
    aliasDetails: [plain('Lloyd Austin'), amb('Austin')],
    titles: ['Defense Secretary'],
    topics: ['Pentagon', 'Ramstein'],
    relatedIds: ['volodymyr-zelensky'],
  }),
  entity({
    id: 'volodymyr-zelensky',
    kind: 'person',
    aliasDetails: [plain('Volodymyr Zelensky'), plain('Zelensky')],
    relatedIds: ['lloyd-austin'],
  }),
];

/** Median of a few runs of `fn`, in ms: one slow run on a shared machine says little. */
function medianMs(fn: () => void, runs = 3): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

describe('linker cost', () => {
  it('is linear in the names of one block: one paragraph of 20,000 names costs about what 1,000 paragraphs of 20 do', () => {
    const matcher = buildMatcher(PERF_ENTITIES);
    const linker = new Linker(PERF_ENTITIES);
    const unit = 'At the Pentagon, Austin met Zelensky. ';
    const chunkOf = (text: string) => {
      const tokens = tokenize(text);
      return { text, tokens, candidates: matcher.scan(text, tokens) };
    };
    // The same 20,000 names, once as 1,000 ordinary paragraphs, once as a single paragraph.
    const paragraphs = Array.from({ length: 1_000 }, () => chunkOf(unit.repeat(10)));
    const block = [chunkOf(unit.repeat(10_000))];
    const run = (chunks: typeof paragraphs) => () => void linker.link(chunks, newPageState());
    // Warm up both paths (JIT) before timing.
    run(paragraphs)();
    run(block)();
    const baseline = medianMs(run(paragraphs));
    const pathological = medianMs(run(block));
    // Both link the same mentions; a linear linker takes about as long for each (3× for noise).
    expect(linker.link(block, newPageState())[0]).toHaveLength(20_000);
    expect(pathological / baseline).toBeLessThan(3);
  });
});
