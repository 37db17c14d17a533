/**
 * `npm run eval [-- --texts DIR] [-- --split dev|heldout|all]`: linking measured on real news the
 * corpus never saw (docs/adr/014-linking-unseen-news.md). The texts stay outside the repository (default `.tmp/eval-texts/`,
 * or FACT_CONTEXT_EVAL_TEXTS); tests/fixtures/eval/annotations.json holds their sha-256 and the
 * hand annotations. Each text becomes a local news page, the built Chrome extension runs on it in
 * Debian's Chromium, and the marks it leaves are scored per entity: precision, recall, F1, and
 * trap links (links on names that mean someone else); .tmp/eval-report.json also lists each mark
 * with its context. Run `npm run build` first.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launchChromiumWithExtension } from '../browsers/chromium';
import { waitForStatus } from '../browsers/probe';
import { renderNewsPage } from '../pages/news-page';
import { servePages } from '../pages/server';

const ROOT = resolve(import.meta.dirname, '../..');
const ANNOTATIONS = join(ROOT, 'tests/fixtures/eval/annotations.json');
const DEFAULT_TEXTS = join(ROOT, '.tmp/eval-texts');
/** Marks unchanged this long are taken as settled (the scanner batches page changes for 120 ms). */
const SETTLE_MS = 800;
/** Characters kept either side of each mark in the report, enough to judge whom it names. */
const CONTEXT_CHARS = 80;

interface Annotated {
  id: string;
  sha256: string;
  split: 'dev' | 'heldout';
  lang: string;
  url: string;
  published: string;
  mentions: { id: string; count: number; surfaces: string }[];
  traps: { id: string; count: number; surfaces: string }[];
}

/**
 * One mention the extension marked, kept in .tmp/eval-report.json: the scores count marks per
 * entity, so a link on a namesake and a missed mention of the same entity on one page offset
 * each other there; the report's marks show which names were linked.
 */
interface Mark {
  entity: string;
  text: string;
  context: string;
}

interface Score {
  tp: number;
  fp: number;
  fn: number;
  traps: number;
}

function argument(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/**
 * The page a text becomes, in its language: its first line is the headline and the rest its
 * paragraphs; a text of one paragraph is all body, under a title of ours kept out of the article.
 */
export function evalPage(text: string, doc: Pick<Annotated, 'id' | 'lang' | 'published'>): string {
  const lines = text.split('\n').filter((l) => l.trim());
  const headline = lines.length > 1;
  return renderNewsPage({
    title: headline ? lines[0]! : doc.id,
    text: (headline ? lines.slice(1) : lines).join('\n'),
    publisher: 'Evaluation Desk',
    date: doc.published,
    titleIsHeadline: headline,
  }).replace('<html lang="en">', `<html lang="${doc.lang}">`);
}

const add = (a: Score, b: Score): Score => ({
  tp: a.tp + b.tp,
  fp: a.fp + b.fp,
  fn: a.fn + b.fn,
  traps: a.traps + b.traps,
});
const zero = (): Score => ({ tp: 0, fp: 0, fn: 0, traps: 0 });
const ratio = (a: number, b: number) => (b ? a / b : 1);
function summary(s: Score): string {
  const p = ratio(s.tp, s.tp + s.fp);
  const r = ratio(s.tp, s.tp + s.fn);
  const f = p + r ? (2 * p * r) / (p + r) : 0;
  return `P ${p.toFixed(3)}  R ${r.toFixed(3)}  F1 ${f.toFixed(3)}  (tp ${s.tp}, fp ${s.fp}, fn ${s.fn}, trap links ${s.traps})`;
}

/** Scores one page's links per entity against its annotation. */
export function scoreDoc(doc: Annotated, marks: Record<string, number>): Record<string, Score> {
  const gold = new Map<string, number>();
  for (const m of doc.mentions) gold.set(m.id, (gold.get(m.id) ?? 0) + m.count);
  const trapped = new Map<string, number>();
  for (const t of doc.traps) trapped.set(t.id, (trapped.get(t.id) ?? 0) + t.count);
  const scores: Record<string, Score> = {};
  for (const id of new Set([...gold.keys(), ...Object.keys(marks)])) {
    const want = gold.get(id) ?? 0;
    const got = marks[id] ?? 0;
    const tp = Math.min(want, got);
    const fp = got - tp;
    scores[id] = { tp, fp, fn: want - tp, traps: Math.min(fp, trapped.get(id) ?? 0) };
  }
  return scores;
}

async function main(): Promise<void> {
  const textsDir = resolve(argument('texts') ?? process.env.FACT_CONTEXT_EVAL_TEXTS ?? DEFAULT_TEXTS);
  const split = argument('split') ?? 'all';
  const { docs } = JSON.parse(readFileSync(ANNOTATIONS, 'utf8')) as { docs: Annotated[] };
  const chosen = docs.filter((d) => split === 'all' || d.split === split);
  const pages: Record<string, string> = {};
  const problems: string[] = [];
  for (const doc of chosen) {
    const file = join(textsDir, `${doc.id}.txt`);
    if (!existsSync(file)) {
      problems.push(`${doc.id}: missing ${file}`);
      continue;
    }
    const bytes = readFileSync(file);
    const hash = createHash('sha256').update(bytes).digest('hex');
    if (hash !== doc.sha256) problems.push(`${doc.id}: sha-256 ${hash} is not the annotated ${doc.sha256}`);
    else pages[`/eval/${doc.id}.html`] = evalPage(bytes.toString('utf8'), doc);
  }
  if (problems.length) {
    console.error(`The evaluation texts in ${textsDir} do not match the annotations:\n${problems.join('\n')}`);
    process.exit(1);
  }
  const server = await servePages(pages);
  const ext = await launchChromiumWithExtension();
  const perDoc: { id: string; split: string; scores: Record<string, Score>; status: string; marks: Mark[] }[] = [];
  try {
    for (const doc of chosen) {
      const page = await ext.context.newPage();
      await page.goto(server.url(`/eval/${doc.id}.html`));
      const status = await waitForStatus(page);
      let last = '';
      let since = Date.now();
      let found: Mark[] = [];
      for (;;) {
        found = await page.evaluate((around) => {
          const out: Mark[] = [];
          const seen = new Set<string>();
          for (const m of Array.from(document.querySelectorAll<HTMLElement>('mark[data-entity]'))) {
            const mention = m.dataset.mention ?? '';
            if (seen.has(mention)) continue;
            seen.add(mention);
            // A mention may span several marks; its context is read from its paragraph.
            const text = Array.from(document.querySelectorAll<HTMLElement>('mark[data-entity]'))
              .filter((x) => (x.dataset.mention ?? '') === mention)
              .map((x) => x.textContent)
              .join('');
            const block = m.closest('p, h1, h2, h3, li') ?? document.body;
            const before = document.createRange();
            before.setStart(block, 0);
            before.setEndBefore(m);
            const at = before.toString().length;
            const context = (block.textContent ?? '').slice(Math.max(0, at - around), at + text.length + around);
            out.push({ entity: m.dataset.entity!, text, context: context.replace(/\s+/g, ' ') });
          }
          return out;
        }, CONTEXT_CHARS);
        const now = JSON.stringify(found);
        if (now !== last) [last, since] = [now, Date.now()];
        else if (Date.now() - since >= SETTLE_MS) break;
        await page.waitForTimeout(100);
      }
      const marks: Record<string, number> = {};
      for (const m of found) marks[m.entity] = (marks[m.entity] ?? 0) + 1;
      perDoc.push({ id: doc.id, split: doc.split, scores: scoreDoc(doc, marks), status, marks: found });
      await page.close();
    }
  } finally {
    await ext.close();
    await server.close();
  }
  const report: Record<string, unknown> = { split, docs: perDoc };
  for (const part of ['dev', 'heldout']) {
    const rows = perDoc.filter((d) => d.split === part);
    if (!rows.length) continue;
    console.log(`\n== ${part} (${rows.length} pages)`);
    let total = zero();
    const byEntity = new Map<string, Score>();
    for (const row of rows) {
      const docTotal = Object.values(row.scores).reduce(add, zero());
      total = add(total, docTotal);
      for (const [id, s] of Object.entries(row.scores)) byEntity.set(id, add(byEntity.get(id) ?? zero(), s));
      const wrong = Object.entries(row.scores)
        .filter(([, s]) => s.fp || s.fn)
        .map(
          ([id, s]) => `${id} ${s.fp ? `+${s.fp}` : ''}${s.fn ? `-${s.fn}` : ''}${s.traps ? ` (${s.traps} trap)` : ''}`,
        );
      console.log(`${row.id.padEnd(34)} ${summary(docTotal)}${wrong.length ? `  ${wrong.join(', ')}` : ''}`);
    }
    console.log(`-- per entity`);
    for (const [id, s] of [...byEntity].sort(([a], [b]) => a.localeCompare(b)))
      console.log(`${id.padEnd(34)} ${summary(s)}`);
    console.log(`-- ${part} total: ${summary(total)}`);
    report[part] = total;
  }
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  writeFileSync(join(ROOT, '.tmp/eval-report.json'), JSON.stringify(report, null, 1));
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) await main();
