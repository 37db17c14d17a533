import { DETECTOR_GLOBAL } from '@/lib/content/detector-entry';
import { PageScanner } from '@/lib/content/scanner';

/**
 * The detector (matcher, linker, mark.js highlighting), loaded by the content script only on
 * pages where it found an article: other pages never pay for it.
 */
export default defineUnlistedScript(() => {
  (globalThis as Record<string, unknown>)[DETECTOR_GLOBAL] = (options: ConstructorParameters<typeof PageScanner>[0]) =>
    new PageScanner(options);
});
