/**
 * `npm run bench`: runs every benchmark in scripts/bench/ (or those named on the command line)
 * and prints its figures beside the baseline measured in the same run and the target.
 * Exits 1 when a figure misses its target.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Bench, Figure } from './bench/types';

const only = process.argv.slice(2);
const dir = join(import.meta.dirname, 'bench');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && f !== 'types.ts')
  .filter((f) => !only.length || only.includes(f.replace(/\.ts$/, '')))
  .sort();

const format = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2));
let missed = 0;
for (const file of files) {
  const bench = (await import(join(dir, file))).default as Bench | undefined;
  if (!bench?.run) continue; // a helper module of the benches, not a bench
  console.log(`\n## ${bench.title} (${file})`);
  let figures: Figure[];
  try {
    figures = await bench.run();
  } catch (error) {
    console.log(`  failed: ${error instanceof Error ? error.message : String(error)}`);
    missed++;
    continue;
  }
  for (const f of figures) {
    const base =
      f.baseline !== undefined
        ? `   baseline ${format(f.baseline)} ${f.unit} (ratio ${format(f.value / f.baseline)})`
        : '';
    const target = f.target ? `   target ${f.target}: ${f.met ? 'met' : 'MISSED'}` : '';
    if (f.target && !f.met) missed++;
    console.log(`  ${f.name.padEnd(58)} ${format(f.value).padStart(10)} ${f.unit}${base}${target}`);
  }
}
console.log(missed ? `\n${missed} target(s) missed` : '\nall targets met');
process.exit(missed ? 1 : 0);
