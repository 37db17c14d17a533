/**
 * `npm run bench:compare OLD NEW`: compares two `npm run bench -- --json FILE` runs, figure by
 * figure, by each figure's ratio to the baseline of its own run (so runs on machines of different
 * speeds compare fairly), or by value where a figure has no baseline.
 */
import { readFileSync } from 'node:fs';
import { compareReports, formatNumber, type BenchReport } from './bench/report';

const [oldFile, newFile] = process.argv.slice(2);
if (!oldFile || !newFile) {
  console.error('usage: npm run bench:compare OLD.json NEW.json');
  process.exit(2);
}
const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as BenchReport;
const before = read(oldFile);
const after = read(newFile);
console.log(`before: ${before.date} on ${before.machine}\nafter:  ${after.date} on ${after.machine}\n`);
const verdict = (m: boolean | undefined) => (m === undefined ? '' : m ? 'met' : 'MISSED');
let bench = '';
for (const c of compareReports(before, after)) {
  if (c.bench !== bench) console.log(`## ${(bench = c.bench)}`);
  const target = c.metAfter === undefined ? '' : `   target: ${verdict(c.metBefore)} -> ${verdict(c.metAfter)}`;
  console.log(
    `  ${c.name}: ${formatNumber(c.before)} -> ${formatNumber(c.after)} ${c.measure === 'ratio' ? 'x baseline' : c.measure} (${formatNumber(c.change)}x)${target}`,
  );
}
