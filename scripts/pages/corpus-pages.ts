/** The corpus's articles as local news pages, at /articles/<source-id>.html, plus an index. */
import type { CorpusBundle } from '../../lib/corpus/schema';
import { escapeHtml, renderNewsPage } from './news-page';

export function corpusPages(bundle: CorpusBundle): Record<string, string> {
  const pages: Record<string, string> = {};
  for (const s of bundle.sources) {
    const page = {
      title: s.title,
      text: s.text,
      publisher: s.publisher,
      date: s.publishedAt,
      titleIsHeadline: s.titleKind === 'headline',
    };
    pages[`/articles/${s.id}.html`] = renderNewsPage(page);
    pages[`/dark/${s.id}.html`] = renderNewsPage({ ...page, dark: true });
  }
  pages['/'] =
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Local news</title></head><body><h1>Local news</h1><ul>${bundle.sources
      .map((s) => `<li><a href="/articles/${s.id}.html">${escapeHtml(s.title)}</a></li>`)
      .join('')}</ul></body></html>`;
  return pages;
}
