/**
 * "Add this article" (issue 17): on the reader's click only, the background asks the tab for its
 * article (Readability on a copy of the page, loaded then) and derives what would be stored; the
 * popup shows it all (title, outlet, date with its precision and how it was found, the people and
 * weapons it mentions, quotes, dated statements, people the corpus lacks) with a box for each
 * item, and stores it only when the reader confirms. Nothing runs before the click.
 *
 * The confirmation page (components/AddPage.tsx, opened by the card's "Add this page as a source"
 * or the keyboard command) shows the same with `autoStart`: the reader's click or keys that opened
 * it asked for the preview, so it reads at once; storing still takes the reader's click here.
 */
import { useEffect, useState } from 'preact/hooks';
import { request } from '@/lib/messaging/protocol';
import type { AddAnswer, ArticlePreview } from '@/lib/messaging/reader';
import { CANONICAL_METHOD_LABELS, FIELD_METHOD_LABELS, STATEMENT_METHOD_LABELS } from '@/lib/reader/views';
import { DateText } from '../DateText';
import { plural } from './labels';

type Step =
  | { step: 'idle' }
  | { step: 'reading' }
  | { step: 'preview'; token: string; preview: ArticlePreview }
  | { step: 'adding' }
  | { step: 'added'; answer: AddAnswer; people: string[]; failed: string[] }
  | { step: 'error'; message: string };

/** What the reader left checked: every quote and statement at first, no new person. */
interface Choices {
  quotes: boolean[];
  statements: boolean[];
  people: boolean[];
}

/**
 * Only a click the browser itself reports as the reader's starts a read or a write (a script of
 * ours never clicks these; no page can reach the popup, but the rule costs nothing).
 */
export function isReaderGesture(event: Event): boolean {
  return event.isTrusted;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function AddArticle({
  tabId,
  onOpenList,
  autoStart = false,
  onCancel,
  fromReader = isReaderGesture,
}: {
  tabId: number;
  onOpenList?: () => void;
  /** Read the article at once (the confirmation page, opened by the reader's own gesture elsewhere). */
  autoStart?: boolean;
  /** What Cancel does besides dropping the preview (the confirmation page closes itself). */
  onCancel?: () => void;
  /** Whether a click is the reader's own (tests in jsdom, whose events are never trusted, pass their own). */
  fromReader?: (event: Event) => boolean;
}) {
  const [state, setState] = useState<Step>({ step: autoStart ? 'reading' : 'idle' });
  const [choices, setChoices] = useState<Choices>({ quotes: [], statements: [], people: [] });

  useEffect(() => {
    if (autoStart) void read();
  }, []);

  const preview = async (event: Event) => {
    if (!fromReader(event)) return;
    await read();
  };

  /** Asks for the preview: reads the tab's article and derives it; stores nothing. */
  const read = async () => {
    setState({ step: 'reading' });
    try {
      const answer = await request('page.previewArticle', { tabId });
      if (!answer.ok) return setState({ step: 'error', message: answer.message });
      setChoices({
        quotes: answer.preview.quotes.map(() => true),
        statements: answer.preview.statements.map(() => true),
        people: answer.preview.people.map(() => false),
      });
      setState({ step: 'preview', token: answer.token, preview: answer.preview });
    } catch (error) {
      setState({ step: 'error', message: message(error) });
    }
  };

  const confirm = async (event: Event) => {
    if (!fromReader(event) || state.step !== 'preview') return;
    const { token, preview: shown } = state;
    const unchecked = (list: boolean[]) => list.flatMap((on, i) => (on ? [] : [i]));
    setState({ step: 'adding' });
    try {
      const answer = await request('page.addArticle', {
        token,
        hide: { quotes: unchecked(choices.quotes), statements: unchecked(choices.statements) },
      });
      // The people the reader chose, each an entity of its own (highlighted on every page from now on).
      const people: string[] = [];
      const failed: string[] = [];
      for (const [i, person] of shown.people.entries()) {
        if (!choices.people[i]) continue;
        const others = person.forms.filter((f) => f !== person.name);
        try {
          await request('page.addReaderEntity', {
            name: person.name,
            // A surname alone is shared by many: it links only with evidence on the page.
            aliases: others.map((text) => ({ text, ambiguous: !text.includes(' ') })),
            ambiguous: false,
            titles: [],
            topics: [],
            fromSourceId: answer.sourceId,
          });
          people.push(person.name);
        } catch {
          failed.push(person.name);
        }
      }
      setState({ step: 'added', answer, people, failed });
    } catch (error) {
      setState({ step: 'error', message: message(error) });
    }
  };

  const toggle = (list: keyof Choices, i: number) =>
    setChoices((c) => ({ ...c, [list]: c[list].map((on, j) => (j === i ? !on : on)) }));

  if (state.step === 'idle' || state.step === 'error')
    return (
      <section class="add-article" aria-label="Add this article">
        <button type="button" class="add-button" onClick={(e) => void preview(e)}>
          Add this article to your sources
        </button>
        {state.step === 'error' && (
          <p class="error" role="alert">
            {state.message}
          </p>
        )}
      </section>
    );
  if (state.step === 'reading' || state.step === 'adding')
    return (
      <section class="add-article" aria-label="Add this article" aria-busy="true">
        <p class="muted" role="status">
          {state.step === 'reading' ? 'Reading the article…' : 'Adding it…'}
        </p>
      </section>
    );
  if (state.step === 'added') {
    const { answer, people, failed } = state;
    return (
      <section class="add-article" aria-label="Add this article">
        <p role="status" data-outcome={answer.outcome}>
          {answer.outcome === 'unchanged'
            ? 'This very text is already among your articles: nothing was added.'
            : answer.outcome === 'new-version'
              ? `Added as version ${answer.version}: the outlet changed the article, and the earlier text is kept.`
              : 'Added to your articles. Its quotes and dated statements now show in cards, search and the timeline.'}
          {people.length > 0 && ` New people highlighted from now on: ${people.join(', ')}.`}
        </p>
        {failed.length > 0 && <p class="error">Not added: {failed.join(', ')}.</p>}
        {onOpenList && (
          <button type="button" class="link" onClick={onOpenList}>
            Your articles
          </button>
        )}
      </section>
    );
  }

  const p = state.preview;
  const date = p.display.date;
  return (
    <section class="add-article add-preview" aria-label="What will be added">
      <h2>What will be added</h2>
      <dl class="preview-meta">
        <dt>Title</dt>
        <dd data-field="title">
          {p.display.title}
          {p.metadata.title && <span class="how"> (from {FIELD_METHOD_LABELS[p.metadata.title.method]})</span>}
        </dd>
        <dt>Outlet</dt>
        <dd data-field="outlet">
          {p.display.outlet}
          {p.metadata.publisher ? (
            <span class="how"> (from {FIELD_METHOD_LABELS[p.metadata.publisher.method]})</span>
          ) : (
            <span class="how"> (the site’s address: the page names no publisher)</span>
          )}
        </dd>
        {p.display.byline && (
          <>
            <dt>By</dt>
            <dd data-field="byline">
              {p.display.byline}
              {p.metadata.authors && <span class="how"> (from {FIELD_METHOD_LABELS[p.metadata.authors.method]})</span>}
            </dd>
          </>
        )}
        <dt>Date</dt>
        <dd data-field="date">
          {date ? (
            <>
              <DateText date={date.date} precision={date.precision} />
              <span class="how">
                {' '}
                (to the {date.precision}, from {FIELD_METHOD_LABELS[date.method]})
              </span>
            </>
          ) : (
            'The page gives no date: relative dates in it cannot be worked out.'
          )}
        </dd>
        <dt>Address</dt>
        <dd data-field="url">
          <span class="url">{p.canonicalUrl}</span>
          <span class="how"> (from {CANONICAL_METHOD_LABELS[p.canonicalMethod]})</span>
        </dd>
        <dt>Length</dt>
        <dd data-field="length">
          {plural(p.length.words, 'word', 'words')}
          {p.truncated && ' (cut at the most kept)'}
        </dd>
      </dl>
      {p.outcome === 'unchanged' && (
        <p class="notice" data-outcome="unchanged">
          This very text is already among your articles: adding it again stores nothing.
        </p>
      )}
      {p.outcome === 'new-version' && p.existing && (
        <p class="notice" data-outcome="new-version">
          You added this article before ({plural(p.existing.versions.length, 'version', 'versions')}); its text has
          changed since, so it will be kept as a new version, the earlier text too.
        </p>
      )}

      {p.entities.length > 0 && (
        <>
          <h3>People and weapons it mentions</h3>
          <p class="preview-entities">
            {p.entities.map((e, i) => (
              <span key={e.id}>
                {i > 0 && ', '}
                {e.name} ({e.count})
              </span>
            ))}
          </p>
        </>
      )}

      <fieldset class="preview-items">
        <legend>Quotes ({p.quotes.length})</legend>
        {p.quotes.length === 0 && <p class="muted">No quoted speech found.</p>}
        {p.quotes.map((q, i) => (
          <label key={i} class="check preview-item" data-item="quote">
            <input type="checkbox" checked={choices.quotes[i]} onChange={() => toggle('quotes', i)} />{' '}
            <span>
              <q>{q.text}</q> — {q.speaker ?? <span class="muted">speaker not named</span>}
            </span>
          </label>
        ))}
      </fieldset>

      <fieldset class="preview-items">
        <legend>Dated statements ({p.statements.length})</legend>
        {p.statements.length === 0 && <p class="muted">No dated statement about a person or weapon found.</p>}
        {p.statements.map((s, i) => (
          <label key={i} class="check preview-item" data-item="statement">
            <input type="checkbox" checked={choices.statements[i]} onChange={() => toggle('statements', i)} />{' '}
            <span>
              <DateText date={s.date} precision={s.precision} />{' '}
              <span class="how">
                (“{s.expression}”, {STATEMENT_METHOD_LABELS[s.method]})
              </span>
              : {s.sentence}
            </span>
          </label>
        ))}
      </fieldset>

      {p.people.length > 0 && (
        <fieldset class="preview-items">
          <legend>New people (not in the corpus)</legend>
          <p class="muted">Check a name to highlight that person on every page from now on.</p>
          {p.people.map((person, i) => (
            <label key={person.name} class="check preview-item" data-item="person">
              <input type="checkbox" checked={choices.people[i]} onChange={() => toggle('people', i)} /> {person.name}
              {person.forms.length > 1 && (
                <span class="how"> (also written {person.forms.filter((f) => f !== person.name).join(', ')})</span>
              )}
            </label>
          ))}
        </fieldset>
      )}

      {(p.capped.quotes || p.capped.statements || p.capped.people) && (
        <p class="muted">The article has more than is kept; the first ones are shown.</p>
      )}
      <div class="preview-actions">
        {p.outcome !== 'unchanged' && (
          <button type="button" class="add-button" onClick={(e) => void confirm(e)}>
            Add to your articles
          </button>
        )}
        <button
          type="button"
          onClick={() => {
            setState({ step: 'idle' });
            onCancel?.();
          }}
        >
          Cancel
        </button>
      </div>
    </section>
  );
}
