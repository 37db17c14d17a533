/**
 * The reading view page (reader.html?source=<id>&quote=<text>): loads the article and the names
 * to highlight, honouring the user's settings as the content script does, and renders it.
 */
import { useEffect } from 'preact/hooks';
import { request, type MatcherEntity } from '@/lib/messaging/protocol';
import { expandMatcherNames } from '@/lib/messaging/matcher-names';
import { type Settings } from '@/lib/settings';
import { getMutedEntities, getSettings } from '@/lib/settings/store';
import type { ReaderParams } from '@/lib/timeline/url';
import { isReaderId } from '@/lib/reader/rows';
import { readingSourceOf } from '@/lib/reader/views';
import type { CorpusSource } from '@/lib/corpus/schema';
import { useRequest } from '../useRequest';
import { ReadingView, type ReadingOrigin } from './ReadingView';

interface Highlighting {
  entities: MatcherEntity[];
  settings: Settings;
}

/** The entities the web pages would highlight: none when switched off, never muted ones or kinds turned off. */
async function highlighting(): Promise<Highlighting | null> {
  const [settings, muted, entities] = await Promise.all([
    getSettings(),
    getMutedEntities(),
    request('cs.getMatcherEntities').then(expandMatcherNames),
  ]);
  if (!settings.enabled) return null;
  const mutedSet = new Set(muted);
  const kinds = new Set<string>(settings.kinds);
  return { entities: entities.filter((e) => !mutedSet.has(e.id) && kinds.has(e.kind)), settings };
}

/** A bundled source, or one of the reader's own articles (its stored text, labelled as theirs). */
async function loadSource(sourceId: string): Promise<{ source: CorpusSource; reading: ReadingOrigin | null }> {
  if (!isReaderId(sourceId)) return { source: await request('page.getSource', { sourceId }), reading: null };
  const view = await request('page.getReaderSource', { sourceId });
  return {
    source: readingSourceOf(view),
    reading: { url: view.canonicalUrl, addedAt: view.versionDate, version: view.version },
  };
}

export function Reader({ params }: { params: ReaderParams }) {
  const { sourceId, quote } = params;
  const loaded = useRequest(() =>
    sourceId ? loadSource(sourceId) : Promise.reject(new Error('No article was asked for.')),
  );
  const source = loaded.state === 'ready' ? { state: 'ready' as const, value: loaded.value.source } : loaded;
  const highlight = useRequest(highlighting);

  useEffect(() => {
    if (source.state === 'ready') document.title = `${source.value.title} · Fact Context`;
  }, [source]);

  if (source.state === 'loading') return <p class="muted">Loading…</p>;
  if (source.state === 'error') return <p class="error">The article could not be opened: {source.error}</p>;
  // Until the names are in (or if they cannot be read), the article shows without highlights.
  return (
    <ReadingView
      source={source.value}
      reading={loaded.state === 'ready' ? loaded.value.reading : null}
      quote={quote}
      entities={highlight.state === 'ready' ? (highlight.value?.entities ?? null) : null}
      settings={highlight.state === 'ready' ? highlight.value?.settings : undefined}
    />
  );
}
