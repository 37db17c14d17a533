/** `npm run corpus:export --silent`: the normalized corpus as one JSON object (docs/contracts.md §5). */
import { formatProblem } from '../lib/corpus/compile';
import { loadCorpus } from './corpus/read';

const { bundle, problems } = loadCorpus(process.argv[2]);
if (!bundle) {
  for (const p of problems) console.error(formatProblem(p));
  process.exit(1);
}
process.stdout.write(`${JSON.stringify(bundle, null, 1)}\n`);
