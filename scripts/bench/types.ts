/**
 * One benchmark module: `scripts/bench/<name>.ts` default-exports a `Bench`; the runner
 * (scripts/bench.ts) finds it.
 *
 * Every timing target is a ratio to a baseline measured in the same run on the same machine:
 * absolute milliseconds vary twofold between machines of the same kind, a ratio to a same-run
 * baseline does not. Only figures that do not depend on the machine's speed (bytes, counts) may
 * have an absolute limit.
 */
export interface Figure {
  /** What was measured, e.g. "matcher build, 30k aliases". */
  name: string;
  value: number;
  unit: string;
  /** The same kind of measurement of a baseline, in the same run and unit. */
  baseline?: { name: string; value: number };
  /** The target on `value / baseline.value`: at most `max`, at least `min`. */
  ratio?: { max?: number; min?: number };
  /** An absolute limit, for machine-independent units only (bytes, counts, MB of memory). */
  limit?: { max?: number; min?: number };
}

export interface Bench {
  title: string;
  /** Needs built extensions (npm run build / build:firefox) and real browsers. */
  needsBuild?: boolean;
  run: () => Promise<Figure[]>;
}

/** Units whose values depend on the machine's speed: their targets must be ratios. */
export const TIMING_UNITS: ReadonlySet<string> = new Set(['ms', 's', 'MB/s', 'fps']);

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** The ratio of a figure to its baseline, when it has one. */
export function ratioOf(f: Figure): number | undefined {
  return f.baseline && f.baseline.value !== 0 ? f.value / f.baseline.value : undefined;
}

function within(value: number, bounds: { max?: number; min?: number }): boolean {
  return (bounds.max === undefined || value <= bounds.max) && (bounds.min === undefined || value >= bounds.min);
}

/** Whether a figure meets its target; undefined when it has none. */
export function met(f: Figure): boolean | undefined {
  if (f.ratio) {
    const r = ratioOf(f);
    return r !== undefined && within(r, f.ratio);
  }
  if (f.limit) return within(f.value, f.limit);
  return undefined;
}

/** A target as text: "<= 1.5x", ">= 0.9x", "<= 30 kB". */
export function describeTarget(f: Figure): string | null {
  const parts: string[] = [];
  if (f.ratio?.max !== undefined) parts.push(`<= ${f.ratio.max}x`);
  if (f.ratio?.min !== undefined) parts.push(`>= ${f.ratio.min}x`);
  if (f.limit?.max !== undefined) parts.push(`<= ${f.limit.max} ${f.unit}`);
  if (f.limit?.min !== undefined) parts.push(`>= ${f.limit.min} ${f.unit}`);
  return parts.length ? parts.join(' and ') : null;
}

/** A figure with a timing unit and an absolute limit is a mistake this module exists to prevent. */
export function checkFigure(f: Figure): void {
  if (f.limit && TIMING_UNITS.has(f.unit))
    throw new Error(`${f.name}: a timing target must be a ratio to a same-run baseline, not an absolute limit`);
  if (f.ratio && !f.baseline) throw new Error(`${f.name}: a ratio target needs a baseline`);
}
