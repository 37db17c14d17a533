/**
 * Extraction of an article from saved pages (tests/fixtures/articles: hand-written HTML in the
 * shape of real pages, expected results beside them), and the metadata precedence, URL and date
 * rules on their own.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { extractArticle } from '@/lib/extract';
import { readPageDate } from '@/lib/extract/dates';
import { readJsonLd } from '@/lib/extract/json-ld';
import { MAX_AUTHORS, MAX_FIELD_CHARS, MAX_TEXT_CHARS } from '@/lib/extract/limits';
import { cleanField } from '@/lib/extract/metadata';
import { ExtractedArticle } from '@/lib/extract/schema';
import { articleText } from '@/lib/extract/text';
import { cleanUrl, sameSite, urlDate } from '@/lib/extract/url';

const DIR = join(import.meta.dirname, '../fixtures/articles');
const NOW = new Date('2026-12-01T00:00:00Z');

function page(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html');
}

function fixture(name: string, transform: (html: string) => string = (h) => h) {
  const html = transform(readFileSync(join(DIR, `${name}.html`), 'utf8'));
  const expected = JSON.parse(readFileSync(join(DIR, `${name}.expected.json`), 'utf8')) as {
    url: string;
    canonical: unknown;
    metadata: Record<string, unknown>;
    textIncludes: string[];
    textExcludes: string[];
  };
  const result = extractArticle(page(html), { url: expected.url, now: NOW });
  if (!result.ok) throw new Error(`no article in ${name}: ${result.reason}`);
  return { article: result.article, expected };
}

function checkText(text: string, expected: { textIncludes: string[]; textExcludes: string[] }) {
  for (const s of expected.textIncludes) expect(text).toContain(s);
  for (const s of expected.textExcludes) expect(text).not.toContain(s);
  // Stored shape: paragraphs separated by one blank line, no space at either end of a line.
  expect(text).not.toMatch(/\n{3,}|^\s|\s$| \n|\n /);
}

describe('extractArticle on saved pages', () => {
  for (const name of ['json-ld', 'open-graph', 'time-only', 'recommendations']) {
    it(`${name}: text, canonical URL and metadata with their methods`, () => {
      const { article, expected } = fixture(name);
      expect(article.canonical).toEqual(expected.canonical);
      expect(article.metadata).toEqual(expected.metadata);
      checkText(article.text, expected);
      expect(article.truncated).toBe(false);
      expect(v.is(ExtractedArticle, article)).toBe(true);
    });
  }

  it('json-ld: the page URL loses its fragment and tracking parameters', () => {
    const { article } = fixture('json-ld');
    expect(article.pageUrl).toBe('https://news.example.com/world/2024/09/11/ministers-meet-in-kyiv');
  });

  it('recommendations: the story is whole and alone (no list, newsletter or comment)', () => {
    const { article } = fixture('recommendations');
    expect(article.text.split('\n\n')).toHaveLength(4);
  });

  it('hostile: text stays text, every field capped, claimed URLs and non-dates refused', () => {
    const authors = JSON.stringify(Array.from({ length: 200 }, (_, i) => `Name ${i} ${'x'.repeat(300)}`));
    const { article, expected } = fixture('hostile', (html) =>
      html.replace('"AUTHORS"', authors).replace(' name HUGE', ` name ${'S'.repeat(3_000_000)}`),
    );
    const m = expected.metadata as Record<string, Record<string, unknown> | null>;
    expect(article.canonical).toEqual(expected.canonical);
    expect(article.metadata.title).toEqual(m.title);
    expect(article.metadata.published).toBeNull();
    expect(article.metadata.modified).toBeNull();
    expect(article.metadata.language).toBeNull();
    expect(article.metadata.authors?.method).toBe('json-ld');
    expect(article.metadata.authors?.value).toHaveLength(MAX_AUTHORS);
    expect(article.metadata.authors?.value[0]).toMatch(/^Name 0 x+$/);
    const publisher = article.metadata.publisher!;
    expect(publisher.method).toBe('open-graph');
    expect(publisher.value.startsWith('Siteevil name SSS')).toBe(true);
    expect(publisher.value).toHaveLength(MAX_FIELD_CHARS);
    checkText(article.text, expected);
    expect(JSON.stringify(article).length).toBeLessThan(20_000);
  });

  it('a page that is not on the web, or has no article, gives a reason and nothing else', () => {
    expect(extractArticle(page('<p>x</p>'), { url: 'file:///tmp/a.html' })).toEqual({
      ok: false,
      reason: 'not-a-web-page',
    });
    expect(extractArticle(page('<nav><a href="/">Home</a></nav>'), { url: 'https://example.com/' })).toEqual({
      ok: false,
      reason: 'no-article',
    });
  });

  it('an article longer than the limit keeps its first whole paragraphs and says it was cut', () => {
    const para = `<p>${'Word '.repeat(2_000).trim()}.</p>`;
    const html = `<html><body><article><h1>Long</h1>${para.repeat(40)}</article></body></html>`;
    const result = extractArticle(page(html), { url: 'https://example.com/long', now: NOW });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.article.truncated).toBe(true);
    expect(result.article.text.length).toBeLessThanOrEqual(MAX_TEXT_CHARS);
    const kept = result.article.text.split('\n\n');
    expect(kept.length).toBeGreaterThan(10);
    expect(kept.every((p) => p === 'Long' || p === `${'Word '.repeat(2_000).trim()}.`)).toBe(true);
  });
});

describe('metadata precedence', () => {
  const base = (head: string, path = '/story') =>
    extractArticle(
      page(
        `<html><head>${head}</head><body><article><p>${'Plain sentence of the article body. '.repeat(30)}</p>` +
          `<p>${'Another plain sentence of the body. '.repeat(30)}</p></article></body></html>`,
      ),
      { url: `https://site.example${path}`, now: NOW },
    );
  const meta = (head: string, path?: string) => {
    const r = base(head, path);
    if (!r.ok) throw new Error(r.reason);
    return r.article.metadata;
  };
  const ld = (o: object) => `<script type="application/ld+json">${JSON.stringify(o)}</script>`;

  it('JSON-LD over Open Graph over citation over Dublin Core over <time> over the URL path', () => {
    const all =
      ld({ '@type': 'NewsArticle', datePublished: '2024-01-01' }) +
      '<meta property="article:published_time" content="2024-02-02">' +
      '<meta name="citation_publication_date" content="2024/03/03">' +
      '<meta name="dcterms.issued" content="2024-04-04">';
    expect(meta(all, '/2024/06/06/x').published).toMatchObject({ date: '2024-01-01', method: 'json-ld' });
    const noLd = all.replace(/<script.*<\/script>/, '');
    expect(meta(noLd, '/2024/06/06/x').published).toMatchObject({ date: '2024-02-02', method: 'open-graph' });
    const noOg = noLd.replace(/<meta property[^>]*>/, '');
    expect(meta(noOg, '/2024/06/06/x').published).toMatchObject({ date: '2024-03-03', method: 'citation' });
    const noCitation = noOg.replace(/<meta name="citation[^>]*>/, '');
    expect(meta(noCitation, '/2024/06/06/x').published).toMatchObject({ date: '2024-04-04', method: 'dublin-core' });
    expect(meta('', '/2024/06/06/x').published).toMatchObject({ date: '2024-06-06', method: 'url-path' });
    expect(meta('', '/2024/jun/x').published).toMatchObject({
      date: '2024-06',
      precision: 'month',
      method: 'url-path',
    });
    expect(meta('').published).toBeNull();
  });

  it('a source without a field leaves it to the next; a broken block is skipped', () => {
    const head =
      '<script type="application/ld+json">{ broken</script>' +
      ld({ '@type': 'Article', headline: 'From JSON-LD' }) +
      '<meta property="og:site_name" content="OG Site"><meta name="citation_author" content="A. Author">' +
      '<meta name="citation_author" content="B. Author">';
    const m = meta(head);
    expect(m.title).toEqual({ value: 'From JSON-LD', method: 'json-ld' });
    expect(m.publisher).toEqual({ value: 'OG Site', method: 'open-graph' });
    expect(m.authors).toEqual({ value: ['A. Author', 'B. Author'], method: 'citation' });
  });

  it('JSON-LD: a NewsArticle is preferred to a plain Article; subtypes, @graph, @id and vocabulary prefixes count', () => {
    const blocks = [
      JSON.stringify({ '@type': 'Article', headline: 'plain' }),
      JSON.stringify({
        '@context': 'https://schema.org',
        '@graph': [
          { '@type': 'Person', '@id': '#p', name: 'Referenced Person' },
          { '@type': 'https://schema.org/OpinionNewsArticle', headline: 'opinion', author: { '@id': '#p' } },
        ],
      }),
    ];
    expect(readJsonLd(blocks)).toMatchObject({ headline: 'opinion', authors: ['Referenced Person'] });
    expect(readJsonLd([JSON.stringify({ '@type': 'BlogPosting', name: 'blog' })])).toMatchObject({ headline: 'blog' });
    expect(readJsonLd([JSON.stringify({ '@type': 'Recipe', name: 'soup' })])).toBeNull();
  });

  it('JSON-LD nested beyond the walk limits is not read (no stack overflow on a hostile block)', () => {
    const depth = 30_000;
    const deep = `${'{"@graph":['.repeat(depth)}{"@type":"NewsArticle","headline":"deep"}${']}'.repeat(depth)}`;
    expect(() => readJsonLd([deep])).not.toThrow();
    expect(readJsonLd([deep])).toBeNull();
  });
});

describe('URLs and dates', () => {
  it('cleanUrl drops fragments and tracking parameters and refuses what is not http(s)', () => {
    expect(cleanUrl('https://a.example/x?utm_source=n&id=3&fbclid=z#frag')).toBe('https://a.example/x?id=3');
    // Names as a form decodes them; every other parameter kept as the page wrote it.
    expect(cleanUrl('https://a.example/x?q=a%20b&utm%5Fmedium=e&UTM_term=t&x')).toBe('https://a.example/x?q=a%20b&x');
    expect(cleanUrl('https://a.example/x?utm_source=n')).toBe('https://a.example/x');
    expect(cleanUrl('https://a.example/x?%E0%A4%A=1&gclid=2')).toBe('https://a.example/x?%E0%A4%A=1');
    expect(cleanUrl('https://a.example/x?page=2')).toBe('https://a.example/x?page=2');
    expect(cleanUrl('javascript:alert(1)')).toBeNull();
    expect(cleanUrl('/relative', 'https://a.example/base')).toBe('https://a.example/relative');
    expect(cleanUrl(`https://a.example/${'x'.repeat(3_000)}`)).toBeNull();
  });

  it('sameSite accepts the www/amp/m variants of the page’s own host only', () => {
    expect(sameSite('https://example.com/a', 'https://www.example.com/b')).toBe(true);
    expect(sameSite('https://amp.example.com/a', 'https://example.com/b')).toBe(true);
    expect(sameSite('https://www.nytimes.com/a', 'https://evil.example/b')).toBe(false);
    expect(sameSite('https://example.com.evil.example/a', 'https://example.com/b')).toBe(false);
  });

  it('urlDate reads /YYYY/MM/DD/ and /YYYY/mon/DD/, validated', () => {
    expect(urlDate('https://x.example/2024/09/11/story', NOW)).toMatchObject({ date: '2024-09-11', precision: 'day' });
    expect(urlDate('https://x.example/world/2019/jan/03/story', NOW)).toMatchObject({ date: '2019-01-03' });
    expect(urlDate('https://x.example/2024/02/30/story', NOW)).toBeNull();
    expect(urlDate('https://x.example/2999/01/01/story', NOW)).toBeNull();
    expect(urlDate('https://x.example/story-2024', NOW)).toBeNull();
  });

  it('readPageDate keeps the calendar date as written, at the precision given', () => {
    expect(readPageDate('2024-09-11T23:30:00-04:00', NOW)).toEqual({ date: '2024-09-11', precision: 'day' });
    expect(readPageDate('2017-11-03 03:01:00.000000', NOW)).toEqual({ date: '2017-11-03', precision: 'day' });
    expect(readPageDate('2024/09/11', NOW)).toEqual({ date: '2024-09-11', precision: 'day' });
    expect(readPageDate('2024-09', NOW)).toEqual({ date: '2024-09', precision: 'month' });
    expect(readPageDate('2024', NOW)).toEqual({ date: '2024', precision: 'year' });
    for (const bad of ['yesterday', '9999-99-99', '2024-02-30', '1726050000', 'Wed, 11 Sep 2024', '2024-09-11T25'])
      expect(readPageDate(bad, NOW)).toBeNull();
  });

  it('cleanField removes controls and direction overrides, collapses space, caps', () => {
    expect(cleanField(' a\u0000b\u202Ec \n d ')).toBe('abc d');
    expect(cleanField('x'.repeat(10_000))).toHaveLength(MAX_FIELD_CHARS);
    expect(cleanField('   ')).toBeNull();
  });
});

describe('articleText', () => {
  it('blocks become paragraphs, <br> a line break, markup whitespace one space; no character changed', () => {
    const doc = page(
      '<div><h2>Title</h2><p>One  <b>bold</b>\n word, “quoted” — dash’s.</p><ul><li>a</li><li>b<br>c</li></ul>' +
        '<p>x<br><br>y</p><script>no</script><p>\u00a0nbsp kept\u00a0</p></div>',
    );
    expect(articleText(doc.body).text).toBe(
      'Title\n\nOne bold word, “quoted” — dash’s.\n\na\n\nb\nc\n\nx\n\ny\n\n\u00a0nbsp kept\u00a0',
    );
  });
});
