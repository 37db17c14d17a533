/** Names shared by the content script's loader and its lazily loaded detector part (entrypoints/detector.ts). */
import type { ContentContext } from './context';
import type { ContentPage } from './index';
import type { PageScanner, ScannerOptions } from './scanner';

export const DETECTOR_GLOBAL = '__factContextCreateScanner';
export type CreateScanner = (options: ScannerOptions) => PageScanner;

/** Where the detector part leaves the page's start (lib/content/index.ts `startContent`). */
export const PAGE_GLOBAL = '__factContextStartPage';

/** What the loader saw when the content script started, before it loaded the rest. */
export interface PageStart {
  /** App roots already filled at start: rendered by a server, to be hydrated (./hydration.ts). */
  appRoots: Element[];
  startedAt: number;
}

export type StartPage = (ctx: ContentContext, doc: Document, start: PageStart) => ContentPage;
