/**
 * Loads a part of the content script that is not needed on every page (the detector, the card
 * UI, the article extractor) from the extension's own files, the first time it is needed. The loaded file leaves its
 * entry point on the content script's own global (the page cannot see it) under `name`.
 */
import { browser } from '#imports';

export type PartFile = '/detector.js' | '/card-ui.js' | '/extractor.js';

const loads = new Map<PartFile, Promise<unknown>>();

export function loadPart<T>(file: PartFile, name: string): Promise<T> {
  let load = loads.get(file);
  if (!load) {
    load = import(/* @vite-ignore */ browser.runtime.getURL(file)).then(() => {
      const entry = (globalThis as Record<string, unknown>)[name];
      if (!entry) throw new Error(`${file} did not provide ${name}`);
      return entry;
    });
    load.catch(() => loads.delete(file));
    loads.set(file, load);
  }
  return load as Promise<T>;
}
