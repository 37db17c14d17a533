/**
 * The bench's baseline extension: the same kind of WXT build as Fact Context, doing nothing.
 * Its content script has our manifest entry (matches, run_at) and an empty `main`: what any WXT
 * content script costs a page. Its `empty.html` is an extension page with one input that takes
 * focus: what Chromium needs to open and focus any extension page. Built by the bench into
 * .tmp/bench-baseline-extension (scripts/bench/baseline.ts).
 */
import { defineConfig } from 'wxt';

export default defineConfig({
  srcDir: '.',
  entrypointsDir: 'entrypoints',
  outDir: process.env.BASELINE_OUT_DIR ?? '../../../.tmp/bench-baseline-extension',
  manifest: { name: 'Bench baseline', permissions: [] },
});
