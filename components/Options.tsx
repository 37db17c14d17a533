/**
 * The options page: every setting, the sites turned off and the entities muted, the keyboard
 * shortcuts, and the corpus in use. Settings live in extension storage (lib/settings/), apart
 * from the corpus database, so they survive updates and database rebuilds; open tabs apply each
 * change at once.
 */
import { request } from '@/lib/messaging/protocol';
import { CorpusSummary } from './CorpusSummary';
import { HighlightSettings } from './options/HighlightSettings';
import { DisabledSites, MutedEntities } from './options/Lists';
import { ReaderArticles } from './options/ReaderArticles';
import { Packs } from './options/Packs';
import { Shortcuts } from './options/Shortcuts';
import { useDisabledSites, useMutedEntities, useSettings } from './options/stored';
import { useRequest } from './useRequest';

export function Options() {
  const info = useRequest(() => request('page.getCorpusInfo'));
  const settings = useSettings();
  const sites = useDisabledSites();
  const muted = useMutedEntities();
  return (
    <main class="options">
      <h1>Fact Context options</h1>
      <p class="muted">Changes apply to open tabs at once and are kept across updates.</p>

      <section aria-labelledby="fc-opt-highlighting">
        <h2 id="fc-opt-highlighting">Highlighting</h2>
        {settings ? <HighlightSettings settings={settings} /> : <p class="muted">Loading…</p>}
      </section>

      <section aria-labelledby="fc-opt-sites">
        <h2 id="fc-opt-sites">Sites turned off</h2>
        {sites ? <DisabledSites sites={sites} /> : <p class="muted">Loading…</p>}
      </section>

      <section aria-labelledby="fc-opt-muted">
        <h2 id="fc-opt-muted">Muted people and weapons</h2>
        {muted ? <MutedEntities ids={muted} /> : <p class="muted">Loading…</p>}
      </section>

      <section aria-labelledby="fc-opt-articles" id="your-articles">
        <h2 id="fc-opt-articles">Your articles</h2>
        <ReaderArticles />
      </section>

      <section aria-labelledby="fc-opt-shortcuts">
        <h2 id="fc-opt-shortcuts">Keyboard shortcuts</h2>
        <Shortcuts />
      </section>

      <section aria-labelledby="fc-opt-corpus">
        <h2 id="fc-opt-corpus">Corpus</h2>
        {info.state === 'loading' && <p class="muted">Loading…</p>}
        {info.state === 'error' && <p class="error">The corpus could not be read: {info.error}</p>}
        {info.state === 'ready' && <CorpusSummary info={info.value} />}
      </section>

      <section aria-labelledby="fc-opt-packs">
        <h2 id="fc-opt-packs">Corpus packs</h2>
        <Packs />
      </section>
    </main>
  );
}
