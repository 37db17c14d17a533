/**
 * Which library finds people's names in news text: `compromise` (its `people()`) against
 * `wink-nlp` with `wink-eng-lite-web-model` (whose named entities have no person type, so its best
 * offer is a run of proper nouns by its part-of-speech tagger), on hand-annotated real articles
 * (tests/fixtures/people/gold.json: each text with every form of a person's name it writes).
 * Both outputs go through the same trimming (no title, no possessive). Prints precision, recall
 * and time per library, and the same for the finder the extension uses (compromise plus names
 * written next to a speech verb). `npx tsx scripts/reader/people-eval.ts`
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import nlp from 'compromise';
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { findNames } from '../../lib/derive/library-names';
import { nameWords, trimName, type NameSpan } from '../../lib/derive/names';
import { People } from '../../lib/derive/people';

interface Gold {
  source: string;
  text: string;
  people: string[];
}

const gold = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../tests/fixtures/people/gold.json'), 'utf8'),
) as Gold[];

const wink = winkNLP(model);
const its = wink.its;

function winkNames(text: string): NameSpan[] {
  const doc = wink.readDoc(text);
  const out: NameSpan[] = [];
  let run: { start: number; end: number } | null = null;
  let offset = 0;
  const flush = () => {
    if (run) {
      const span = trimName(text, run);
      if (span) out.push(span);
    }
    run = null;
  };
  doc.tokens().each((t: { out: (as?: unknown) => unknown }) => {
    const value = t.out() as string;
    const at = text.indexOf(value, offset);
    if (at < 0) return;
    offset = at + value.length;
    if (t.out(its.pos) === 'PROPN') {
      if (run && /^[ \u00a0]+$/.test(text.slice(run.end, at))) run.end = offset;
      else {
        flush();
        run = { start: at, end: offset };
      }
    } else flush();
  });
  flush();
  return out;
}

function compromiseRaw(text: string): NameSpan[] {
  const found = nlp(text).people().json({ offset: true }) as { offset?: { start: number; length: number } }[];
  return found.flatMap((f) => {
    if (!f.offset) return [];
    const span = trimName(text, { start: f.offset.start, end: f.offset.start + f.offset.length });
    return span ? [span] : [];
  });
}

function pipeline(text: string): NameSpan[] {
  return new People(text, [], findNames(text), []).mentions;
}

const key = (name: string) => nameWords(name).join(' ');

function evaluate(name: string, find: (text: string) => NameSpan[]) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let ms = 0;
  let chars = 0;
  const falsePositives: string[] = [];
  find('Warm up, Joe Biden said.');
  for (const g of gold) {
    const started = performance.now();
    const spans = find(g.text);
    ms += performance.now() - started;
    chars += g.text.length;
    const predicted = new Set(spans.map((s) => key(g.text.slice(s.start, s.end))).filter(Boolean));
    const expected = new Set(g.people.map(key));
    for (const p of predicted) {
      if (expected.has(p)) tp++;
      else {
        fp++;
        falsePositives.push(p);
      }
    }
    for (const e of expected) if (!predicted.has(e)) fn++;
  }
  const precision = tp / (tp + fp);
  const recall = tp / (tp + fn);
  const f1 = (2 * precision * recall) / (precision + recall);
  console.log(
    `${name.padEnd(34)} precision ${(precision * 100).toFixed(1)}%  recall ${(recall * 100).toFixed(1)}%  F1 ${(f1 * 100).toFixed(1)}%  ` +
      `(${tp} right, ${fp} wrong, ${fn} missed)  ${((ms / chars) * 10_000).toFixed(0)} ms per 10,000 characters`,
  );
  console.log(`  wrong: ${falsePositives.slice(0, 25).join(' | ')}`);
  return { precision, recall };
}

console.log(
  `${gold.length} articles, ${gold.reduce((n, g) => n + g.text.length, 0)} characters, ${gold.reduce((n, g) => n + g.people.length, 0)} name forms\n`,
);
evaluate('compromise people()', compromiseRaw);
evaluate('wink-nlp proper-noun runs', winkNames);
evaluate('extension (compromise + speakers)', pipeline);
