/**
 * The popup's search as state: one request in flight at a time, always for the newest query
 * (keystrokes typed meanwhile coalesce into one request), and asked again while the background
 * is still loading its text index.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { request } from '@/lib/messaging/protocol';
import type { SearchResults } from '@/lib/search/types';

/** While the text index loads (a cold start on a large corpus), names answer first; facts and quotes follow. */
export const INCOMPLETE_RETRY_MS = 150;
/** Give up waiting for the text index after this many tries (~6 s); names still answer. */
export const MAX_INCOMPLETE_RETRIES = 40;

export type SearchState =
  | { state: 'idle' }
  | { state: 'loading'; query: string }
  | { state: 'ready'; results: SearchResults }
  | { state: 'error'; query: string; error: string };

export function useSearch(query: string): SearchState {
  const [result, setResult] = useState<SearchState>({ state: 'idle' });
  const latest = useRef(query);
  const busy = useRef(false);
  const retries = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const alive = useRef(true);

  const run = () => {
    if (busy.current || !alive.current) return;
    const q = latest.current;
    if (!q.trim()) {
      setResult({ state: 'idle' });
      return;
    }
    busy.current = true;
    request('page.search', { query: q }).then(
      (results) => {
        busy.current = false;
        if (!alive.current) return;
        if (latest.current !== q) return run();
        setResult({ state: 'ready', results });
        if (!results.complete && retries.current++ < MAX_INCOMPLETE_RETRIES) {
          timer.current = setTimeout(run, INCOMPLETE_RETRY_MS);
        }
      },
      (error: unknown) => {
        busy.current = false;
        if (!alive.current) return;
        if (latest.current !== q) return run();
        setResult({ state: 'error', query: q, error: error instanceof Error ? error.message : String(error) });
      },
    );
  };

  useEffect(() => {
    latest.current = query;
    retries.current = 0;
    if (timer.current) clearTimeout(timer.current);
    if (!query.trim()) setResult({ state: 'idle' });
    else setResult((r) => (r.state === 'ready' ? r : { state: 'loading', query }));
    run();
  }, [query]);

  useEffect(
    () => () => {
      alive.current = false;
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  return result;
}
