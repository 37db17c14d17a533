/**
 * The alias matcher: build time and scanning throughput at 100, 1k, 10k and 30k aliases, on
 * 1 MB of news text. Baseline in the same run: one regular expression per alias (the
 * "one search per alias" approach), at 100 and 1k aliases only: it slows down with every alias.
 */
import { buildMatcher } from '../../lib/match/matcher';
import { tokenize } from '../../lib/match/text';
import { syntheticEntities, newsText } from './synthetic';
import { median, type Bench, type Figure } from './types';

const SIZES = [100, 1_000, 10_000, 30_000];
/** Build at 30k aliases under this: the matcher is built on every article page. */
const BUILD_TARGET_MS = 100;
const RUNS = 5;

function time(fn: () => void, runs = RUNS): number {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
  }
  return median(samples);
}

const bench: Bench = {
  title: 'Alias matcher',
  async run() {
    const figures: Figure[] = [];
    const all = syntheticEntities(Math.max(...SIZES) / 3);
    const text = newsText(
      1_000_000,
      all.slice(0, 200).map((e) => e.name),
    );
    const megabytes = Buffer.byteLength(text) / 1e6;
    for (const aliases of SIZES) {
      const entities = all.slice(0, aliases / 3);
      let matcher = buildMatcher(entities);
      const build = time(() => {
        matcher = buildMatcher(entities);
      });
      const scan = time(() => {
        for (const line of text.split('\n')) matcher.scan(line, tokenize(line));
      });
      const label = `${aliases.toLocaleString('en')} aliases`;
      figures.push({
        name: `build, ${label}`,
        value: build,
        unit: 'ms',
        ...(aliases === 30_000 ? { target: `<= ${BUILD_TARGET_MS} ms`, met: build <= BUILD_TARGET_MS } : {}),
      });
      let baseline: number | undefined;
      if (aliases <= 1_000) {
        const regexes = entities.flatMap((e) =>
          e.aliasDetails.map((a) => new RegExp(`\\b${a.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'gu')),
        );
        const naive = time(() => {
          for (const re of regexes) for (const _ of text.matchAll(re));
        }, 1);
        baseline = megabytes / (naive / 1000);
      }
      figures.push({
        name: `throughput, ${label}`,
        value: megabytes / (scan / 1000),
        unit: 'MB/s',
        ...(baseline ? { baseline } : {}),
      });
    }
    return figures;
  },
};
export default bench;
