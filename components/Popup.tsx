import { useMemo, useState } from 'preact/hooks';
import { request } from '@/lib/messaging/protocol';
import { normalizeAlias } from '@/lib/corpus/names';
import { useRequest } from './useRequest';

/** Toolbar popup: a search field over the corpus's people and weapons. */
export function Popup() {
  const entities = useRequest(() => request('cs.getMatcherEntities'));
  const [query, setQuery] = useState('');
  const matches = useMemo(() => {
    if (entities.state !== 'ready') return [];
    const q = normalizeAlias(query);
    if (!q) return [];
    return entities.value.filter((e) =>
      [e.name, ...e.aliasDetails.map((a) => a.text)].some((n) => normalizeAlias(n).includes(q)),
    );
  }, [entities, query]);

  return (
    <main style={{ width: '340px' }}>
      <h1>Fact Context</h1>
      <input
        type="search"
        aria-label="Search people and weapons"
        placeholder="Search people and weapons"
        autoFocus
        value={query}
        onInput={(e) => setQuery(e.currentTarget.value)}
      />
      {entities.state === 'error' && <p class="error">The corpus could not be read: {entities.error}</p>}
      {query && entities.state === 'ready' && (
        <ul aria-label="Results">
          {matches.length ? matches.map((e) => <li key={e.id}>{e.name}</li>) : <li class="muted">No results</li>}
        </ul>
      )}
    </main>
  );
}
