/**
 * lib/content/schedule.ts: how the scanner shares the main thread with the page (issue 13 §5).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WORK_REFILL_PER_MS, WorkBudget, yieldToPage } from '@/lib/content/schedule';

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('yielding to the page', () => {
  it('waits for a background-priority task where the browser has one (never scheduler.yield, which runs before the page)', async () => {
    const calls: unknown[] = [];
    const yielded = vi.fn(() => Promise.resolve());
    vi.stubGlobal('scheduler', {
      postTask: (callback: () => void, options: unknown) => {
        calls.push(options);
        callback();
        return Promise.resolve();
      },
      yield: yielded,
    });
    await yieldToPage();
    expect(calls).toEqual([{ priority: 'background' }]);
    expect(yielded).not.toHaveBeenCalled();
  });

  it('falls back to a timer elsewhere', async () => {
    vi.stubGlobal('scheduler', undefined);
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    let done = false;
    void yieldToPage().then(() => (done = true));
    await Promise.resolve();
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
  });
});

describe('the work budget', () => {
  it('is exceeded by a burst past its limit', () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const budget = new WorkBudget(1_000);
    budget.spend(600);
    budget.spend(500);
    expect(budget.exceeded).toBe(true);
  });

  it('refills slowly: a page that keeps us a little busy for hours is never stopped', () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const budget = new WorkBudget(1_000);
    // Four hours of 1 % work (half the refill rate), one second at a time.
    for (let s = 0; s < 4 * 3600; s++) {
      vi.advanceTimersByTime(1_000);
      budget.spend(1_000 * (WORK_REFILL_PER_MS / 2));
    }
    expect(budget.exceeded).toBe(false);
    // The same page keeping us busy at twice the refill rate is stopped within minutes.
    let seconds = 0;
    while (!budget.exceeded && seconds < 3600) {
      vi.advanceTimersByTime(1_000);
      budget.spend(1_000 * WORK_REFILL_PER_MS * 2);
      seconds++;
    }
    expect(budget.exceeded).toBe(true);
    expect(seconds).toBeLessThan(120);
  });
});
