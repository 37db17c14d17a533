/**
 * Prints one plain closing line, `vitest: N passed, N failed, N skipped`, that any CI can read
 * (Vitest's own summary is decorated). Counts every test case of the run, and counts as failed
 * every test file that could not run at all (an import that throws, a fixture that is missing)
 * and every error outside a test: a run that tested nothing must never read as green.
 */
import type { Reporter, SerializedError, TestModule } from 'vitest/node';

export interface Summary {
  passed: number;
  failed: number;
  skipped: number;
}

/** The counts of a finished run. */
export function summarize(modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown> = []): Summary {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for (const module of modules) {
    // A file that failed to load has errors of its own and, often, no tests to count.
    if (module.errors().length) counts.failed++;
    for (const test of module.children.allTests()) {
      const state = test.result().state;
      if (state === 'passed') counts.passed++;
      else if (state === 'failed') counts.failed++;
      else counts.skipped++;
    }
  }
  counts.failed += unhandledErrors.length;
  return counts;
}

export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    const { passed, failed, skipped } = summarize(modules, unhandledErrors);
    process.stdout.write(`\nvitest: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
