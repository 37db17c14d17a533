/**
 * `npm run eval:pages -- DIR`: linking on saved real news pages, whole (navigation, related
 * stories, comments and all), as Mozilla Readability's test corpus keeps them: DIR holds one
 * folder per page with `source.html` (the page as saved) and `expected.html` (its article body as
 * Readability extracts it). Get them with `git clone https://github.com/mozilla/readability` and
 * pass `readability/test/test-pages`; they are not kept in this repository, only their sha-256 and
 * the hand annotations in tests/fixtures/eval/saved-pages.json (mentions of corpus people and
 * weapons in each article body; pages not listed mention none).
 *
 * Each page is served from 127.0.0.1 and loaded with the built extension in Chromium (its own
 * scripts and images fail to load offline, as a saved page's would). A mark counts as inside the
 * article when the text of its block appears in the article body; reported: recall on the
 * annotated mentions, marks outside the article bodies, and false links inside them.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launchChromiumWithExtension } from '../browsers/chromium';
import { waitForStatus } from '../browsers/probe';
import { servePages } from '../pages/server';

const ROOT = resolve(import.meta.dirname, '../..');
const ANNOTATIONS = join(ROOT, 'tests/fixtures/eval/saved-pages.json');
/** A saved page's own scripts never load here; marks have settled once this much time passed quietly. */
const SETTLE_MS = 1500;
const LOAD_TIMEOUT_MS = 20_000;

interface Annotations {
  description: string;
  /** sha-256 of every page's source.html, by folder name: the set this was annotated on. */
  pages: Record<string, string>;
  /** Mentions in each article body, per entity id (pages absent here mention none). */
  mentions: Record<string, Record<string, number>>;
}

interface Mark {
  id: string;
  text: string;
  block: string;
}

const fold = (s: string) =>
  s
    .replace(/\u00ad/g, '')
    .replace(/\s+/g, ' ')
    .trim();

/** The article body's text, from Readability's expected.html. */
function bodyText(html: string): string {
  const entities: Record<string, string> = {
    nbsp: ' ',
    amp: '&',
    quot: '"',
    lt: '<',
    gt: '>',
    '#39': "'",
    '#x27': "'",
  };
  return fold(
    html.replace(/<[^>]+>/g, ' ').replace(/&(nbsp|amp|quot|lt|gt|#39|#x27);/g, (_, e: string) => entities[e] ?? ' '),
  );
}

async function main(): Promise<void> {
  const dir = process.argv.slice(2).find((a) => !a.startsWith('-'));
  if (!dir || !existsSync(dir)) {
    console.error('usage: npm run eval:pages -- PATH/TO/readability/test/test-pages');
    process.exit(2);
  }
  const notes = JSON.parse(readFileSync(ANNOTATIONS, 'utf8')) as Annotations;
  const names = readdirSync(dir)
    .filter((n) => existsSync(join(dir, n, 'source.html')))
    .sort();
  const pages: Record<string, string> = {};
  const changed: string[] = [];
  for (const n of names) {
    const source = readFileSync(join(dir, n, 'source.html'));
    const hash = createHash('sha256').update(source).digest('hex');
    if (notes.pages[n] && notes.pages[n] !== hash) changed.push(n);
    pages[`/pages/${n}/index.html`] = source.toString('utf8');
  }
  const missing = Object.keys(notes.pages).filter((n) => !names.includes(n));
  if (changed.length || missing.length) {
    console.error(
      `The pages differ from the annotated set: changed ${changed.join(', ') || 'none'}; missing ${missing.join(', ') || 'none'}`,
    );
    process.exit(1);
  }
  const server = await servePages(pages);
  const ext = await launchChromiumWithExtension();
  let wanted = 0;
  let found = 0;
  let falseInside = 0;
  const outside: string[] = [];
  try {
    for (const n of names) {
      const body = bodyText(readFileSync(join(dir, n, 'expected.html'), 'utf8'));
      const page = await ext.context.newPage();
      await page
        .goto(server.url(`/pages/${n}/index.html`), { timeout: LOAD_TIMEOUT_MS, waitUntil: 'domcontentloaded' })
        .catch(() => {
          // A saved page that never finishes loading offline is read as far as it got.
        });
      // Pages whose own resources never arrive offline may hold DOMContentLoaded back a while.
      const status = await waitForStatus(page, undefined, LOAD_TIMEOUT_MS).catch(() => 'none');
      let marks: Mark[] = [];
      let last = '';
      for (let since = Date.now(); Date.now() - since < SETTLE_MS; await page.waitForTimeout(250)) {
        marks = await page
          .evaluate(() =>
            Array.from(document.querySelectorAll<HTMLElement>('mark[data-entity]'), (m) => {
              let block: Element | null = m.parentElement;
              while (block && getComputedStyle(block).display.startsWith('inline')) block = block.parentElement;
              return { id: m.dataset.entity!, text: m.textContent ?? '', block: block?.textContent ?? '' };
            }),
          )
          .catch(() => []);
        const now = JSON.stringify(marks);
        if (now !== last) [last, since] = [now, Date.now()];
      }
      await page.close();
      const inside: Record<string, number> = {};
      for (const m of marks) {
        const block = fold(m.block);
        const inBody = block.length > 0 && (body.includes(block.slice(0, 80)) || body.includes(block.slice(-80)));
        if (inBody) inside[m.id] = (inside[m.id] ?? 0) + 1;
        else outside.push(`${n}: ${m.id} "${m.text}" in "${fold(m.block).slice(0, 100)}"`);
      }
      const gold = notes.mentions[n] ?? {};
      for (const id of new Set([...Object.keys(gold), ...Object.keys(inside)])) {
        const want = gold[id] ?? 0;
        const got = inside[id] ?? 0;
        wanted += want;
        found += Math.min(want, got);
        falseInside += Math.max(0, got - want);
      }
      if (Object.keys(gold).length || marks.length)
        console.log(
          `${n.padEnd(28)} ${status.padEnd(10)} wanted ${JSON.stringify(gold)} inside ${JSON.stringify(inside)}`,
        );
    }
  } finally {
    await ext.close();
    await server.close();
  }
  console.log(`\n${names.length} pages: recall ${found}/${wanted} = ${(wanted ? found / wanted : 1).toFixed(3)}`);
  console.log(`false links inside article bodies: ${falseInside}`);
  console.log(
    `marks outside the article bodies: ${outside.length}${outside.length ? `\n  ${outside.join('\n  ')}` : ''}`,
  );
}

await main();
