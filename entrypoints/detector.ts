import { startContent } from '@/lib/content';
import { lazyCards } from '@/lib/content/card-loader';
import { DETECTOR_GLOBAL, PAGE_GLOBAL, type StartPage } from '@/lib/content/detector-entry';
import { PageScanner } from '@/lib/content/scanner';

/**
 * The page's highlighting, cards and answers (lib/content/index.ts) with the detector (matcher,
 * linker, mark.js highlighting), loaded by the content script's loader (lib/content/loader.ts)
 * only on pages where it found an article: other pages never pay for it.
 */
export default defineUnlistedScript(() => {
  const world = globalThis as Record<string, unknown>;
  world[DETECTOR_GLOBAL] = (options: ConstructorParameters<typeof PageScanner>[0]) => new PageScanner(options);
  const startPage: StartPage = (ctx, doc, start) => {
    const page = startContent(ctx, doc, start);
    lazyCards(page);
    return page;
  };
  world[PAGE_GLOBAL] = startPage;
});
