/**
 * What extraction costs on saved pages, in Debian's Chromium (where the content script runs it):
 * for each `<dir>/<page>/source.html`, the page is opened without its scripts and
 * `extractArticle(document.cloneNode(true))` (lib/extract) is timed, clone included, with the text
 * it returns. Pages are not in the repo (never a live site in a test): point it at saved pages,
 * e.g. the test pages of mozilla/readability.
 * `npx tsx scripts/reader/readability-bench.ts <dir> [page …]`
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../browsers/chromium';

/** Runs per page: the median is reported (the machine is shared). */
const RUNS = 5;

const dir = process.argv[2];
if (!dir || !existsSync(dir)) {
  console.error('usage: tsx scripts/reader/readability-bench.ts <dir of saved pages> [page …]');
  process.exit(2);
}
const pages = process.argv.slice(3).length ? process.argv.slice(3) : readdirSync(dir).sort();

const bundled = await build({
  stdin: {
    contents: "import { extractArticle } from './lib/extract/index'; globalThis.__extract = extractArticle;",
    resolveDir: resolve(import.meta.dirname, '../..'),
    loader: 'ts',
  },
  bundle: true,
  minify: true,
  format: 'iife',
  write: false,
});
const code = bundled.outputFiles[0]!.text;

const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });
const context = await browser.newContext({ javaScriptEnabled: true });
const rows: { page: string; elements: number; ms: number; chars: number; paragraphs: number; ok: string }[] = [];
for (const name of pages) {
  const file = join(dir, name, 'source.html');
  if (!existsSync(file)) continue;
  // The page's own scripts are removed: we time extraction, not the page.
  const html = readFileSync(file, 'utf8').replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, (s) =>
    /application\/ld\+json/i.test(s) ? s : '',
  );
  const page = await context.newPage();
  await page.route('**/*', (route) =>
    route.request().url() === 'https://bench.example/page'
      ? route.fulfill({ contentType: 'text/html', body: html })
      : route.abort(),
  );
  await page.goto('https://bench.example/page', { waitUntil: 'domcontentloaded' });
  await page.addScriptTag({ content: code });
  const result = await page.evaluate((runs) => {
    const times: number[] = [];
    let last: { ok: boolean; article?: { text: string }; reason?: string } | null = null;
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      const copy = document.cloneNode(true) as Document;
      last = (globalThis as unknown as { __extract: (d: Document, o: { url: string }) => typeof last }).__extract(
        copy,
        {
          url: 'https://bench.example/page',
        },
      );
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const text = last?.article?.text ?? '';
    return {
      elements: document.getElementsByTagName('*').length,
      ms: times[Math.floor(times.length / 2)]!,
      chars: text.length,
      paragraphs: text ? text.split('\n\n').length : 0,
      ok: last?.ok ? 'article' : (last?.reason ?? '?'),
    };
  }, RUNS);
  rows.push({ page: name, ...result });
  await page.close();
}
await browser.close();

console.log(
  `${'page'.padEnd(18)} ${'elements'.padStart(8)} ${'ms'.padStart(7)} ${'chars'.padStart(7)} ${'paras'.padStart(6)}  result`,
);
for (const r of rows)
  console.log(
    `${r.page.padEnd(18)} ${String(r.elements).padStart(8)} ${r.ms.toFixed(1).padStart(7)} ${String(r.chars).padStart(7)} ${String(r.paragraphs).padStart(6)}  ${r.ok}`,
  );
const ms = rows.map((r) => r.ms).sort((a, b) => a - b);
const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]!;
console.log(
  `\n${rows.length} pages: median ${at(0.5).toFixed(1)} ms, p90 ${at(0.9).toFixed(1)} ms, max ${at(1).toFixed(1)} ms`,
);
console.log(`bundle of lib/extract (Readability included), minified: ${(code.length / 1024).toFixed(1)} kB`);
