/** The figures of one `npm run bench -- --json FILE` run, and how two runs compare. */
import { met, ratioOf, type Figure } from './types';

export interface BenchReport {
  date: string;
  /** Where it ran: cores, CPU model, memory (ratios travel between machines; milliseconds do not). */
  machine: string;
  benches: { file: string; title: string; figures: Figure[] }[];
}

export function formatNumber(n: number): string {
  const a = Math.abs(n);
  return a >= 100 ? n.toFixed(0) : a >= 10 ? n.toFixed(1) : a >= 0.1 ? n.toFixed(2) : n.toPrecision(2);
}

export interface Comparison {
  bench: string;
  name: string;
  /** The ratio to the same-run baseline in each run, or the value itself when there is no baseline. */
  before: number;
  after: number;
  /** "ratio" when both runs had a baseline, else the figure's unit. */
  measure: string;
  /** after / before: below 1 is better for times, above 1 for throughputs and counts kept. */
  change: number;
  metBefore: boolean | undefined;
  metAfter: boolean | undefined;
}

/** Every figure present in both runs, compared by its ratio to its own run's baseline where it has one. */
export function compareReports(before: BenchReport, after: BenchReport): Comparison[] {
  const out: Comparison[] = [];
  for (const b of after.benches) {
    const old = before.benches.find((x) => x.file === b.file);
    if (!old) continue;
    for (const f of b.figures) {
      const o = old.figures.find((x) => x.name === f.name);
      if (!o) continue;
      const ro = ratioOf(o);
      const rf = ratioOf(f);
      const byRatio = ro !== undefined && rf !== undefined;
      const beforeValue = byRatio ? ro : o.value;
      const afterValue = byRatio ? rf : f.value;
      out.push({
        bench: b.file,
        name: f.name,
        before: beforeValue,
        after: afterValue,
        measure: byRatio ? 'ratio' : f.unit,
        change: beforeValue === 0 ? Number.NaN : afterValue / beforeValue,
        metBefore: met(o),
        metAfter: met(f),
      });
    }
  }
  return out;
}
