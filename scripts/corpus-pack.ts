/**
 * `npm run corpus:pack -- DIR OUT.fcpack`: builds a pack from a folder in the corpus/ layout with
 * a pack.yaml (docs/pack-format.md), and checks it exactly as an import would (every corpus:check
 * rule, the caps, the hash) before writing it. Exit 1, nothing written, on any problem.
 */
import { writeFileSync } from 'node:fs';
import { formatPackProblem, readPack } from '../lib/pack/read';
import { encodePack, makePack } from '../lib/pack/write';
import { readPackContent, readPackInfo } from './corpus-pack-files';

const [dir, out] = process.argv.slice(2);
if (!dir || !out) {
  console.error('usage: npm run corpus:pack -- DIR OUT.fcpack');
  process.exit(2);
}
const { info, problems: infoProblems } = readPackInfo(dir);
const { content, problems: fileProblems } = readPackContent(dir);
const problems = [...infoProblems, ...fileProblems];
if (!info || problems.length) {
  for (const p of problems) console.error(formatPackProblem(p));
  process.exit(1);
}
const bytes = await encodePack(await makePack(info, content));
const checked = await readPack(bytes);
if (!checked.ok) {
  for (const p of checked.problems) console.error(formatPackProblem(p));
  console.error(`corpus:pack: ${checked.problems.length} problem(s); nothing written`);
  process.exit(1);
}
writeFileSync(out, bytes);
const b = checked.bundle;
console.log(
  `corpus:pack: ${out}: ${checked.manifest.id} ${checked.manifest.version}, ${bytes.byteLength} bytes, ` +
    `${b.sources.length} sources, ${b.entities.length} entities, ${b.facts.length} facts, ${b.quotes.length} quotes, ` +
    `${b.events.length} events, ${b.claims.length} claims, ${checked.manifest.contentHash}`,
);
