/**
 * Loads a part of the content script that is not needed on every page (the detector with the
 * page's highlighting, the card UI, the article extractor) from the extension's own files, the
 * first time it is needed. The loaded file leaves its entry points on the content script's own
 * global (the page cannot see it), each under its name.
 */
import { browser } from '#imports';

export type PartFile = '/detector.js' | '/card-ui.js' | '/extractor.js';

const imports = new Map<PartFile, Promise<unknown>>();

export function loadPart<T>(file: PartFile, name: string): Promise<T> {
  let load = imports.get(file);
  if (!load) {
    load = import(/* @vite-ignore */ browser.runtime.getURL(file));
    load.catch(() => imports.delete(file));
    imports.set(file, load);
  }
  return load.then(() => {
    const entry = (globalThis as Record<string, unknown>)[name];
    if (!entry) throw new Error(`${file} did not provide ${name}`);
    return entry as T;
  });
}
