/**
 * "Your articles" (issue 17): every article the reader added, newest first, with how each
 * metadata field was found, open, derive again, remove; the people they added; storage; export
 * as a pack (lib/pack/exports.ts); remove all, after a confirmation. While it is open, articles added with the quick
 * derivation get the full one (the name library, lib/reader/people-pass.ts) in idle time.
 */
import { useEffect, useState } from 'preact/hooks';
import { request } from '@/lib/messaging/protocol';
import type { ReaderArticle, ReaderEntitySummary, ReaderStorage } from '@/lib/messaging/reader';
import { saveFile } from '@/lib/pack/client';
import { completeDerivations } from '@/lib/reader/people-pass';
import { CANONICAL_METHOD_LABELS, FIELD_METHOD_LABELS } from '@/lib/reader/views';
import { readerPath } from '@/lib/timeline/url';
import { DateText } from '../DateText';
import { isReaderGesture } from '../popup/AddArticle';
import { plural } from '../popup/labels';

interface Loaded {
  articles: ReaderArticle[];
  people: ReaderEntitySummary[];
  storage: ReaderStorage;
}

async function load(): Promise<Loaded> {
  const [articles, people, storage] = await Promise.all([
    request('page.listReaderArticles'),
    request('page.listReaderEntities'),
    request('page.getReaderStorage'),
  ]);
  return { articles, people, storage };
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

function kilobytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} kB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

type Gate = (event: Event) => boolean;

function Article({
  article,
  onChange,
  fromReader,
}: {
  article: ReaderArticle;
  onChange: (note: string) => void;
  fromReader: Gate;
}) {
  const { current } = article;
  const { display, metadata } = current;
  const act = (run: () => Promise<string>) => (event: Event) => {
    if (!fromReader(event)) return;
    run().then(onChange, (error: unknown) => onChange(message(error)));
  };
  return (
    <li data-article={article.articleId}>
      <h3>
        <a href={readerPath(current.id)} target="_blank" rel="noopener">
          {display.title}
        </a>
      </h3>
      <p>
        {display.outlet}
        {display.byline && ` · ${display.byline}`}
        {display.date && (
          <>
            {' · '}
            <DateText date={display.date.date} precision={display.date.precision} />
          </>
        )}
      </p>
      <details>
        <summary>How each field was found</summary>
        <ul class="small">
          <li>Title: {metadata.title ? FIELD_METHOD_LABELS[metadata.title.method] : 'none given (the site’s name)'}</li>
          <li>
            Outlet: {metadata.publisher ? FIELD_METHOD_LABELS[metadata.publisher.method] : 'none given (the address)'}
          </li>
          <li>Date: {display.date ? FIELD_METHOD_LABELS[display.date.method] : 'none given'}</li>
          <li>Byline: {metadata.authors ? FIELD_METHOD_LABELS[metadata.authors.method] : 'none given'}</li>
          <li>
            Address: <span class="url">{article.canonicalUrl}</span> ({CANONICAL_METHOD_LABELS[current.canonicalMethod]}
            )
          </li>
        </ul>
      </details>
      <p class="muted small">
        {plural(current.quoteCount, 'quote', 'quotes')},{' '}
        {plural(current.statementCount, 'dated statement', 'dated statements')}
        {current.hiddenCount > 0 && ` (${current.hiddenCount} hidden)`}, {plural(current.length.words, 'word', 'words')}
        {' · added '}
        <DateText date={current.versionDate.slice(0, 10)} precision="day" />
        {article.versions.length > 1 && ` · version ${current.version} of ${article.versions.length}`}
      </p>
      <div class="reader-article-actions">
        <button
          type="button"
          title="Finds its quotes, dated statements and people again in the stored text (the text itself is never changed)"
          onClick={act(async () => {
            await request('page.rederiveReaderSource', { sourceId: current.id });
            return `“${display.title}” was read again.`;
          })}
        >
          Re-extract
        </button>
        <button
          type="button"
          aria-label={`Remove “${display.title}”`}
          onClick={act(async () => {
            await request('page.removeReaderArticle', { articleId: article.articleId });
            return `“${display.title}” was removed, with its quotes and dated statements.`;
          })}
        >
          Remove
        </button>
      </div>
    </li>
  );
}

/** `fromReader`: whether a click is the reader's own (tests in jsdom pass their own). */
export function ReaderArticles({ fromReader = isReaderGesture }: { fromReader?: Gate } = {}) {
  const [data, setData] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let live = true;
    load().then(
      (d) => live && (setData(d), setError(null)),
      (e: unknown) => live && setError(message(e)),
    );
    return () => {
      live = false;
    };
  }, [generation]);

  // The full derivation of articles added quickly, once, while this page is open.
  useEffect(() => {
    const controller = new AbortController();
    completeDerivations({ signal: controller.signal }).then(
      (done) => done.length && !controller.signal.aborted && setGeneration((g) => g + 1),
      () => {},
    );
    return () => controller.abort();
  }, []);

  const changed = (text: string) => {
    setNote(text);
    setGeneration((g) => g + 1);
  };

  if (error) return <p class="error">Your articles could not be read: {error}</p>;
  if (!data) return <p class="muted">Loading…</p>;
  const { articles, people, storage } = data;

  return (
    <div class="reader-articles-section">
      {note && (
        <p role="status" class="notice">
          {note}
        </p>
      )}
      {articles.length === 0 ? (
        <p class="muted">
          None yet. On a news article, open Fact Context from the toolbar and choose “Add this article to your sources”.
        </p>
      ) : (
        <ul class="reader-articles" aria-label="Your articles">
          {articles.map((a) => (
            <Article key={a.articleId} article={a} onChange={changed} fromReader={fromReader} />
          ))}
        </ul>
      )}

      {people.length > 0 && (
        <>
          <h3>People you added</h3>
          <ul>
            {people.map((p) => (
              <li key={p.id}>
                {p.name}{' '}
                <button
                  type="button"
                  aria-label={`Remove ${p.name}`}
                  onClick={(event) => {
                    if (!fromReader(event)) return;
                    request('page.removeReaderEntity', { entityId: p.id }).then(
                      () => changed(`${p.name} is no longer highlighted.`),
                      (e: unknown) => setNote(message(e)),
                    );
                  }}
                >
                  Remove
                </button>
              </li>
            ))}
          </ul>
        </>
      )}

      <p class="muted small" data-storage>
        {plural(storage.articles, 'article', 'articles')} ({plural(storage.versions, 'version', 'versions')}),{' '}
        {plural(storage.entities, 'person', 'people')} added: about {kilobytes(storage.bytes)}
        {storage.usage !== null && storage.quota !== null && (
          <>
            {' '}
            (the extension uses {kilobytes(storage.usage)} of the {kilobytes(storage.quota)} the browser allows)
          </>
        )}
        .
      </p>
      <div class="reader-article-actions">
        <button
          type="button"
          disabled={!articles.length && !people.length}
          title="Your articles, every version, their quotes and dated statements, what you hid and the people you added, as a pack (.fcpack) another profile can import"
          onClick={(event) => {
            if (!fromReader(event)) return;
            request('page.exportYourArticles').then(
              (file) => {
                if (!file) return setNote('Nothing to export: you have added no articles or people yet.');
                saveFile(file);
                setNote(`Saved ${file.fileName}.`);
              },
              (e: unknown) => setNote(`The export failed: ${message(e)}`),
            );
          }}
        >
          Export your articles
        </button>
        {!articles.length && !people.length && (
          <span class="muted small" data-nothing-to-export>
            Nothing to export yet: you have added no articles or people.
          </span>
        )}
        {!confirming ? (
          <button type="button" disabled={!articles.length && !people.length} onClick={() => setConfirming(true)}>
            Remove all…
          </button>
        ) : (
          <div role="alertdialog" aria-labelledby="fc-remove-all" class="confirm">
            <p id="fc-remove-all">
              Remove all {plural(articles.length, 'article', 'articles')} and{' '}
              {plural(people.length, 'person', 'people')} you added? This cannot be undone (export them first to keep a
              copy).
            </p>
            <button
              type="button"
              onClick={(event) => {
                if (!fromReader(event)) return;
                setConfirming(false);
                request('page.removeAllReaderData').then(
                  () => changed('Everything you added was removed.'),
                  (e: unknown) => setNote(message(e)),
                );
              }}
            >
              Yes, remove all
            </button>{' '}
            <button type="button" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        )}
      </div>
    </div>
  );
}
