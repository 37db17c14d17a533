/**
 * `npm run bench [-- NAME...] [-- --json FILE]`: runs every benchmark in scripts/bench/ (or those
 * named) and prints each figure beside the baseline measured in the same run, their ratio, and
 * the target (a ratio, or a limit for machine-independent units). `--json FILE` also writes the
 * figures to FILE, for `npm run bench:compare OLD NEW`. A missed target is reported, never an
 * exit code: benches never fail CI (timings vary with the machine's load).
 */
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { formatNumber, type BenchReport } from './bench/report';
import { checkFigure, describeTarget, met, ratioOf, type Bench, type Figure } from './bench/types';

const { values, positionals } = parseArgs({ options: { json: { type: 'string' } }, allowPositionals: true });
const dir = join(import.meta.dirname, 'bench');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.ts'))
  .filter((f) => !positionals.length || positionals.includes(f.replace(/\.ts$/, '')))
  .sort();

const report: BenchReport = {
  date: new Date().toISOString(),
  machine: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB`,
  benches: [],
};
const missed: string[] = [];
for (const file of files) {
  const bench = (await import(join(dir, file))).default as Bench | undefined;
  if (!bench?.run) continue; // a helper module of the benches, not a bench
  console.log(`\n## ${bench.title} (${file})`);
  let figures: Figure[];
  try {
    figures = await bench.run();
  } catch (error) {
    console.log(`  failed: ${error instanceof Error ? error.message : String(error)}`);
    missed.push(`${file}: failed to run`);
    continue;
  }
  for (const f of figures) {
    checkFigure(f);
    const ratio = ratioOf(f);
    const base = f.baseline
      ? `   vs ${f.baseline.name}: ${formatNumber(f.baseline.value)} ${f.unit}, ratio ${formatNumber(ratio!)}x`
      : '';
    const target = describeTarget(f);
    const ok = met(f);
    if (ok === false) missed.push(`${file}: ${f.name}`);
    console.log(
      `  ${f.name}: ${formatNumber(f.value)} ${f.unit}${base}${target ? `   target ${target}: ${ok ? 'met' : 'MISSED'}` : ''}`,
    );
  }
  report.benches.push({ file, title: bench.title, figures });
}
if (values.json) {
  writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nfigures written to ${values.json}`);
}
console.log(missed.length ? `\n${missed.length} target(s) missed:\n  ${missed.join('\n  ')}` : '\nall targets met');
