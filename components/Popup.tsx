/**
 * The toolbar popup: a search over the corpus ("what do we know about X?"), what was found on
 * the current tab and why nothing was, and the switches. Works the same opened as a tab
 * (`popup.html`; `popup.html?tab=<id>` to look at another tab, see popup/extension.tsx).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { request, requestTab } from '@/lib/messaging/protocol';
import { isEntityKind, type ItemType, type SearchHit } from '@/lib/search/types';
import { useDisabledSites, useMutedEntities, useRecentChanges, useSettings } from './options/stored';
import { EntityView } from './popup/EntityView';
import { hostnameOf } from '@/lib/actions/hosts';
import { findTargetTab, openOptions, openReader, revealTab, type TargetTab } from './popup/extension';
import { AddArticle } from './popup/AddArticle';
import { ItemView } from './popup/ItemView';
import { PageStatusPanel, usePageReport, type ReportState } from './popup/PageStatusPanel';
import { PopupSettings } from './popup/PopupSettings';
import { changesInEffect, RecentChanges } from './popup/RecentChanges';
import { flatten, Results, RESULTS_ID } from './popup/Results';
import { Suggestions } from './popup/Suggestions';
import { useRequest } from './useRequest';
import { useSearch } from './popup/useSearch';
import { plural } from './popup/labels';

type View = { type: 'results' } | { type: 'entity'; id: string } | { type: 'item'; itemType: ItemType; id: string };

/** The site of the tab: from its URL when the browser tells, else from the content script's report. */
function siteOf(target: TargetTab | null | undefined, page: ReportState): string | null {
  const fromUrl = hostnameOf(target?.url);
  if (fromUrl) return fromUrl;
  if (page.state !== 'report') return null;
  const reported = (page.report as { host?: unknown }).host;
  return typeof reported === 'string' && reported ? reported : null;
}

/** "Add this article" is offered only where the content script found an article it marked. */
function articleFound(page: ReportState): boolean {
  return page.state === 'report' && (page.report.status === 'ready' || page.report.status === 'over-budget');
}

export function Popup({ search: initialSearch = location.search }: { search?: string } = {}) {
  const [query, setQuery] = useState('');
  const [view, setView] = useState<View>({ type: 'results' });
  const [activeId, setActiveId] = useState<string | null>(null);
  const [target, setTarget] = useState<TargetTab | null | undefined>(undefined);
  const input = useRef<HTMLInputElement>(null);
  const detail = useRef<HTMLElement>(null);

  const search = useSearch(query);
  // Also loads the search index in the background before the first keystroke.
  const suggestions = useRequest(() => request('page.getSearchSuggestions'), 'suggestions');
  const settings = useSettings();
  const disabledSites = useDisabledSites();
  const muted = useMutedEntities();
  const recentChanges = useRecentChanges();
  const page = usePageReport(target, [settings, disabledSites, muted]);
  const host = siteOf(target, page);

  useEffect(() => {
    input.current?.focus();
    findTargetTab(initialSearch).then(setTarget, () => setTarget(null));
  }, []);

  const groups = search.state === 'ready' ? search.results.groups : [];
  const options = flatten(groups);
  // A new answer selects its first option: Enter opens the best match.
  useEffect(() => setActiveId(options[0]?.id ?? null), [search]);
  useEffect(() => {
    if (view.type !== 'results') detail.current?.focus();
  }, [view]);

  const onOpened = () => {
    if (target && !target.named) window.close();
  };
  const choose = (hit: SearchHit) => {
    // One of the reader's own articles opens in the reading view, its text as stored.
    if (hit.kind === 'source' && hit.fromReading) return void openReader(hit.id).then(onOpened);
    setView(isEntityKind(hit.kind) ? { type: 'entity', id: hit.id } : { type: 'item', itemType: hit.kind, id: hit.id });
  };
  const back = () => {
    setView({ type: 'results' });
    input.current?.focus();
  };
  const focusMention = async (entityId: string) => {
    if (!target) return;
    try {
      await requestTab(target.id, 'tab.focusMention', { entityId });
      await revealTab(target);
    } catch {
      // The page changed under us; the next report shows what is there now.
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const at = options.findIndex((o) => o.id === activeId);
    if (e.key === 'ArrowDown' && view.type === 'results' && options.length) {
      e.preventDefault();
      setActiveId(options[Math.min(at + 1, options.length - 1)]!.id);
    } else if (e.key === 'ArrowUp' && view.type === 'results' && options.length) {
      e.preventDefault();
      setActiveId(options[Math.max(at - 1, 0)]!.id);
    } else if (e.key === 'Enter' && view.type === 'results') {
      const chosen = options[at] ?? options[0];
      if (chosen) {
        e.preventDefault();
        choose(chosen.hit);
      }
    } else if (e.key === 'Escape') {
      if (view.type !== 'results') {
        e.preventDefault();
        back();
      } else if (query) {
        e.preventDefault();
        setQuery('');
      }
    }
  };

  const listShown = view.type === 'results' && options.length > 0;
  const resultsStatus =
    search.state === 'ready'
      ? search.results.total
        ? `${plural(search.results.total, 'result', 'results')}`
        : `No matches for “${search.results.query}”`
      : '';

  return (
    <main class="popup" onKeyDown={(e) => e.key === 'Escape' && e.target !== input.current && onKeyDown(e)}>
      <h1>Fact Context</h1>
      <div class="search-field">
        <input
          ref={input}
          type="search"
          role="combobox"
          aria-label="Search people, weapons, facts, quotes, events and sources"
          placeholder="Who or what? e.g. Storm Shadow"
          autoComplete="off"
          spellcheck={false}
          aria-autocomplete="list"
          aria-expanded={listShown}
          aria-controls={RESULTS_ID}
          aria-activedescendant={listShown && activeId ? activeId : undefined}
          value={query}
          maxLength={200}
          onInput={(e) => {
            setQuery(e.currentTarget.value);
            setView({ type: 'results' });
          }}
          onKeyDown={onKeyDown}
        />
      </div>
      <p role="status" class="visually-hidden">
        {resultsStatus}
      </p>

      {view.type !== 'results' && (
        <section class="detail" ref={detail} tabIndex={-1} aria-labelledby="fc-detail-title">
          <button type="button" class="back" onClick={back}>
            ← Back to results
          </button>
          {view.type === 'entity' ? (
            <EntityView entityId={view.id} windowId={target?.windowId ?? null} onOpened={onOpened} />
          ) : (
            <ItemView
              type={view.itemType}
              id={view.id}
              onOpenEntity={(id) => setView({ type: 'entity', id })}
              onOpened={onOpened}
            />
          )}
        </section>
      )}

      {view.type === 'results' && query.trim() !== '' && (
        <>
          {search.state === 'error' && <p class="error">The search failed: {search.error}</p>}
          {search.state === 'ready' && search.results.total === 0 && (
            <div class="no-results">
              <p>No matches for “{search.results.query}”. Check the spelling, or try a surname or a weapon’s name.</p>
              {suggestions.state === 'ready' && (
                <Suggestions suggestions={suggestions.value} onPick={setQuery} label="Or try" />
              )}
            </div>
          )}
          {listShown && <Results groups={groups} activeId={activeId} onChoose={choose} onHover={setActiveId} />}
          {search.state === 'ready' && !search.results.complete && (
            <p class="muted small">Still loading facts and quotes…</p>
          )}
        </>
      )}

      {view.type === 'results' && query.trim() === '' && (
        <>
          <p class="muted intro">Search people, weapons, facts, quotes, events and sources in the corpus.</p>
          {suggestions.state === 'ready' && <Suggestions suggestions={suggestions.value} onPick={setQuery} />}
          <PageStatusPanel
            host={host}
            page={page}
            settings={settings}
            disabledSites={disabledSites}
            onFocus={(id) => void focusMention(id)}
          />
          {target && articleFound(page) && (
            <AddArticle key={target.id} tabId={target.id} onOpenList={() => void openOptions().then(onOpened)} />
          )}
          <RecentChanges changes={changesInEffect(recentChanges ?? [], muted ?? [], disabledSites ?? [])} />
        </>
      )}

      <PopupSettings
        settings={settings}
        host={host}
        disabledSites={disabledSites}
        windowId={target?.windowId ?? null}
        onOpened={onOpened}
      />
    </main>
  );
}
