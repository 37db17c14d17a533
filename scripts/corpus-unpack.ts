/**
 * `npm run corpus:unpack -- IN.fcpack DIR`: checks a pack as an import would, then writes it as a
 * folder in the corpus/ layout with its pack.yaml (DIR must be empty or absent). Packing that
 * folder again gives the same content hash.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { PACK_FORMAT, PACK_FORMAT_VERSION } from '../lib/pack/format';
import { formatPackProblem, readPack } from '../lib/pack/read';
import { writePackFolder } from './corpus-pack-files';

const [file, dir] = process.argv.slice(2);
if (!file || !dir) {
  console.error('usage: npm run corpus:unpack -- IN.fcpack DIR');
  process.exit(2);
}
if (existsSync(dir) && readdirSync(dir).length) {
  console.error(`corpus:unpack: ${dir} is not empty; nothing written`);
  process.exit(1);
}
const checked = await readPack(new Uint8Array(readFileSync(file)));
if (!checked.ok) {
  for (const p of checked.problems) console.error(formatPackProblem(p));
  console.error(`corpus:unpack: ${checked.problems.length} problem(s); nothing written`);
  process.exit(1);
}
writePackFolder(
  {
    format: PACK_FORMAT,
    formatVersion: PACK_FORMAT_VERSION,
    manifest: checked.manifest,
    ...checked.content,
  },
  dir,
);
console.log(
  `corpus:unpack: ${dir}: ${checked.manifest.id} ${checked.manifest.version}, ${checked.content.sources.length} sources`,
);
