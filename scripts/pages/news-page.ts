/**
 * Renders a corpus article as an ordinary local news page: site header and navigation, the
 * article (headline, byline, paragraphs), a related-links aside, a comment form and a footer,
 * with schema.org NewsArticle data. Used by the demo, the real-browser tests and the bench.
 * Every piece of text is escaped: an article is data, never markup.
 */
export interface NewsPageInput {
  title: string;
  /** The article text; each non-empty line becomes a paragraph. */
  text: string;
  publisher: string | null;
  date: string;
  /**
   * Whether the title is the article's own headline (then it is shown, and a first line equal
   * to it is not repeated) or one we wrote (then it stays in <title>: it is not the article's text).
   */
  titleIsHeadline: boolean;
  /** A dark page (light text on a dark background), for the cards' dark theme. */
  dark?: boolean;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function renderNewsPage(input: NewsPageInput): string {
  const lines = input.text.split('\n').filter((l) => l.trim() !== '');
  const body = input.titleIsHeadline && lines[0]?.trim() === input.title.trim() ? lines.slice(1) : lines;
  const headline = input.titleIsHeadline ? `<h1>${escapeHtml(input.title)}</h1>\n` : '';
  const site = input.publisher ?? 'The Local Ledger';
  const jsonLd = JSON.stringify({
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: input.title,
    datePublished: input.date,
    publisher: { '@type': 'Organization', name: site },
  }).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(input.title)} | ${escapeHtml(site)}</title>
<meta property="og:type" content="article">
<meta property="og:title" content="${escapeHtml(input.title)}">
<script type="application/ld+json">${jsonLd}</script>
<style>
  body { font: 18px/1.6 Georgia, serif; margin: 0; color: #222; background: #fff; }
  header, footer { background: #f3f1ec; padding: 12px 24px; font-family: system-ui, sans-serif; font-size: 15px; }
  nav a { margin-right: 16px; color: #333; }
  main { display: flex; gap: 32px; max-width: 1100px; margin: 0 auto; padding: 24px; }
  article { flex: 1; max-width: 700px; }
  aside { width: 260px; font-family: system-ui, sans-serif; font-size: 14px; }
  .byline { color: #666; font-family: system-ui, sans-serif; font-size: 14px; }
  form { margin-top: 32px; font-family: system-ui, sans-serif; }
  textarea { width: 100%; height: 80px; }
${input.dark ? '  body, header, footer { background: #16181c; color: #e4e4e4; } nav a, aside a { color: #9ab; }\n' : ''}</style>
</head>
<body>
<header><strong>${escapeHtml(site)}</strong>
<nav aria-label="Sections"><a href="/">Home</a><a href="/">World</a><a href="/">Politics</a><a href="/">Opinion</a></nav>
</header>
<main>
<article>
${headline}<p class="byline"><time datetime="${escapeHtml(input.date)}">${escapeHtml(input.date)}</time></p>
${body.map((l) => `<p>${escapeHtml(l)}</p>`).join('\n')}
</article>
<aside aria-label="Related"><h2>Most read</h2><ul><li><a href="/">Weather: a mild week ahead</a></li><li><a href="/">Markets close higher</a></li></ul></aside>
</main>
<section aria-label="Comments"><form><label>Your comment <textarea name="comment"></textarea></label><button type="button">Post</button></form></section>
<footer>© ${escapeHtml(site)}. <a href="/">Contact</a> · <a href="/">Privacy</a></footer>
</body>
</html>
`;
}
