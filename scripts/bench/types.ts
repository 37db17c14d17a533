/** One benchmark module: `scripts/bench/<name>.ts` default-exports a `Bench`; the runner finds it. */
export interface Figure {
  /** What was measured, e.g. "matcher build, 30k aliases". */
  name: string;
  value: number;
  unit: string;
  /** The same measurement of the baseline in the same run, when there is one. */
  baseline?: number;
  /** The target this figure must meet, said as text ("<= 100 ms"), and whether it did. */
  target?: string;
  met?: boolean;
}

export interface Bench {
  title: string;
  /** Needs built extensions (npm run build / build:firefox) and real browsers. */
  needsBuild?: boolean;
  run: () => Promise<Figure[]>;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
