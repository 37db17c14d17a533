import { useEffect, useState } from 'preact/hooks';

export type Loadable<T> = { state: 'loading' } | { state: 'ready'; value: T } | { state: 'error'; error: string };

/** Runs an async request once and tracks its state. */
export function useRequest<T>(run: () => Promise<T>): Loadable<T> {
  const [result, setResult] = useState<Loadable<T>>({ state: 'loading' });
  useEffect(() => {
    let live = true;
    run().then(
      (value) => live && setResult({ state: 'ready', value }),
      (error: unknown) =>
        live && setResult({ state: 'error', error: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      live = false;
    };
  }, []);
  return result;
}
