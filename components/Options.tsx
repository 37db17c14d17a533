import { request } from '@/lib/messaging/protocol';
import { CorpusSummary } from './CorpusSummary';
import { useRequest } from './useRequest';

/** Options page: for now the corpus in use; settings come with the popup/settings issue. */
export function Options() {
  const info = useRequest(() => request('page.getCorpusInfo'));
  return (
    <main>
      <h1>Fact Context options</h1>
      <h2>Corpus</h2>
      {info.state === 'loading' && <p class="muted">Loading…</p>}
      {info.state === 'error' && <p class="error">The corpus could not be read: {info.error}</p>}
      {info.state === 'ready' && <CorpusSummary info={info.value} />}
    </main>
  );
}
