import { useEffect, useState } from 'preact/hooks';
import type { Loadable } from '../useRequest';

/** Runs an async request whenever `key` changes, keeping only the newest answer. */
export function useLoad<T>(key: string, run: () => Promise<T>): Loadable<T> {
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
