/** The closing line CI reads: a test file that cannot load, or an error outside any test, is a failure. */
import { describe, expect, it } from 'vitest';
import type { TestModule } from 'vitest/node';
import { summarize } from '../summary-reporter';

function module(states: string[], errors: unknown[] = []): TestModule {
  return {
    errors: () => errors,
    children: { allTests: () => states.map((state) => ({ result: () => ({ state }) })) },
  } as unknown as TestModule;
}

describe('summary reporter', () => {
  it('counts passed, failed and skipped tests', () => {
    expect(summarize([module(['passed', 'failed', 'skipped', 'pending'])])).toEqual({
      passed: 1,
      failed: 1,
      skipped: 2,
    });
  });

  it('counts a file that failed to load, with no tests in it, as a failure', () => {
    expect(summarize([module(['passed']), module([], [new Error('ENOENT: seed-gold.json')])])).toEqual({
      passed: 1,
      failed: 1,
      skipped: 0,
    });
  });

  it('counts errors outside any test as failures', () => {
    expect(summarize([module(['passed'])], [new Error('unhandled rejection')]).failed).toBe(1);
  });
});
