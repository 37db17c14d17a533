/**
 * The reading view: a corpus article as a clean page, rendered as text, its mentions highlighted
 * by the same scanner as on the web (lib/content/scanner.ts), and a given quote highlighted and
 * scrolled to. The quote is a <span role="mark">, not a <mark>: the scanner skips <mark>s (a
 * page's own highlights are not ours to mark), and mentions inside the quote must be linked too.
 */
import { Component } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { DateText } from '../DateText';
import type { CorpusSource } from '@/lib/corpus/schema';
import { PageScanner } from '@/lib/content/scanner';
import { attachExtensionPageCards } from '../card/extension-page-cards';
import type { MatcherEntity } from '@/lib/messaging/protocol';
import type { Settings } from '@/lib/settings';
import { findQuote, paragraphs, segments, type Paragraph, type TextRange } from '@/lib/timeline/reading';
import { DatingNote } from './DatingNote';

export const QUOTE_CLASS = 'fact-context-quote';
/** ARIA 1.3's `mark` role, which Preact's role type does not list yet. */
const MARK_ROLE = { role: 'mark' } as Record<string, string>;

/** Where one of the reader's own articles came from (issue 17); absent for bundled sources. */
export interface ReadingOrigin {
  url: string;
  /** When the reader added this version (ISO 8601). */
  addedAt: string;
  version: number;
}

export interface ReadingViewProps {
  source: CorpusSource;
  reading?: ReadingOrigin | null;
  quote: string | null;
  /** The entities to highlight (the user's muted ones and kinds already left out); null: no highlighting. */
  entities: readonly MatcherEntity[] | null;
  /** The reader's highlight settings (style, marks in the tab order), as on the web. */
  settings?: Pick<Settings, 'highlightStyle' | 'marksInTabOrder'>;
}

function Text({ paragraph, quote }: { paragraph: Paragraph; quote: TextRange | null }) {
  return (
    <>
      {segments(paragraph, quote).map((s, i) =>
        s.quoted ? (
          <span key={i} {...MARK_ROLE} class={QUOTE_CLASS} tabIndex={-1}>
            {s.text}
          </span>
        ) : (
          s.text
        ),
      )}
    </>
  );
}

interface BodyProps {
  source: CorpusSource;
  range: TextRange | null;
}

/**
 * The article's own words. Rendered again only for another article or quote: in between, the
 * scanner's marks live in these text nodes and a re-render must not touch them.
 */
class ArticleBody extends Component<BodyProps> {
  override shouldComponentUpdate(next: BodyProps): boolean {
    return next.source !== this.props.source || next.range !== this.props.range;
  }

  override render({ source, range }: BodyProps) {
    const all = paragraphs(source.text);
    const first = all[0];
    const headlineFirst =
      source.titleKind === 'headline' && first !== undefined && first.text.trim() === source.title.trim();
    return (
      <>
        {headlineFirst ? (
          <h1>
            <Text paragraph={first} quote={range} />
          </h1>
        ) : (
          <h1>{source.title}</h1>
        )}
        {(headlineFirst ? all.slice(1) : all).map((p) => (
          <p key={p.start}>
            <Text paragraph={p} quote={range} />
          </p>
        ))}
      </>
    );
  }
}

export function ReadingView({ source, reading, quote, entities, settings }: ReadingViewProps) {
  const articleRef = useRef<HTMLElement>(null);
  const range = useMemo(() => (quote ? findQuote(source.text, quote) : null), [source, quote]);
  const [linked, setLinked] = useState<number | null>(null);

  const goToQuote = () => {
    const first = articleRef.current?.querySelector<HTMLElement>(`.${QUOTE_CLASS}`);
    first?.scrollIntoView?.({ block: 'center' });
    first?.focus({ preventScroll: true });
  };

  useEffect(() => {
    if (range) goToQuote();
  }, [range]);

  useEffect(() => {
    const article = articleRef.current;
    if (!article || !entities) return;
    const scanner = new PageScanner({
      doc: article.ownerDocument,
      entities,
      tabbable: settings?.marksInTabOrder,
      highlightStyle: settings?.highlightStyle,
      onChange: (r) => setLinked(r.linked),
    });
    void scanner.start([article]);
    // The same hover cards as on the web.
    const detachCards = attachExtensionPageCards(article.ownerDocument, scanner);
    return () => {
      detachCards();
      scanner.stop();
    };
  }, [source, entities, settings]);

  return (
    <main class="reader">
      <header class="reader-head">
        <p class="reader-brand">Fact Context · reading view</p>
        <p class="byline">
          {source.publisher ?? 'Publisher not shown in the text'}
          {source.author ? ` · ${source.author}` : ''} ·{' '}
          <DateText date={source.publishedAt} precision={source.datePrecision} />
        </p>
        <DatingNote dated={source} />
        {reading && (
          <p class="reading-origin" data-origin="reader">
            Your article{reading.version > 1 ? ` (version ${reading.version})` : ''}, added{' '}
            <DateText date={reading.addedAt.slice(0, 10)} precision="day" /> from{' '}
            <span class="reading-url">{reading.url}</span>. Its text is kept as it was read.
          </p>
        )}
        {source.titleKind === 'editorial' && <p class="muted">The article has no headline; its title is ours.</p>}
        {quote && (
          <p class="quote-status" role="status" data-quote-found={range ? 'true' : 'false'}>
            {range ? (
              <>
                The quote is highlighted.{' '}
                <button type="button" class="link-button" onClick={goToQuote}>
                  Go to the quote
                </button>
              </>
            ) : (
              'The quote was not found in this article.'
            )}
          </p>
        )}
        {linked !== null && (
          <p class="muted" data-linked={linked}>
            {linked} {linked === 1 ? 'mention' : 'mentions'} of people and weapons highlighted.
          </p>
        )}
      </header>
      <article ref={articleRef} class="reader-article" data-source={source.id}>
        <ArticleBody source={source} range={range} />
      </article>
    </main>
  );
}
