/** Shared pieces of the real-browser tests. */
import type { ConsoleMessage, Page } from 'playwright-core';
import { loadCorpus } from '@/scripts/corpus/read';

/** The corpus the built extension was compiled from. */
export function builtCorpus() {
  const { bundle, problems } = loadCorpus(process.env.FACT_CONTEXT_CORPUS_DIR);
  if (!bundle) throw new Error(`corpus has problems: ${problems.length}`);
  return bundle;
}

/** Collects console errors and uncaught exceptions of a page from now on. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return errors;
}

/** Reads every store of the extension's database from one of its pages, with raw IndexedDB. */
export async function readDatabase(page: Page): Promise<Record<string, unknown[]>> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('fact-context');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const out: Record<string, unknown[]> = {};
    for (const name of Array.from(db.objectStoreNames)) {
      out[name] = await new Promise<unknown[]>((resolve, reject) => {
        const request = db.transaction(name).objectStore(name).getAll();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    }
    db.close();
    return out;
  });
}
