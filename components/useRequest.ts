import { useEffect, useState } from 'preact/hooks';

export type Loadable<T> = { state: 'loading' } | { state: 'ready'; value: T } | { state: 'error'; error: string };

/**
 * Runs an async request, again whenever `key` changes, and keeps only the newest answer.
 * Without a key it runs once.
 */
export function useRequest<T>(run: () => Promise<T>, key = ''): Loadable<T> {
  const [result, setResult] = useState<Loadable<T>>({ state: 'loading' });
  useEffect(() => {
    let live = true;
    setResult({ state: 'loading' });
    run().then(
      (value) => live && setResult({ state: 'ready', value }),
      (error: unknown) =>
        live && setResult({ state: 'error', error: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      live = false;
    };
  }, [key]);
  return result;
}
