/** `npm run corpus:check`: every rule of corpus/README.md, one line per problem; exit 1 on any. */
import { formatProblem } from '../lib/corpus/compile';
import { loadCorpus } from './corpus/read';

const dir = process.argv[2];
const { bundle, problems } = loadCorpus(dir);
if (!bundle) {
  for (const p of problems) console.error(formatProblem(p));
  console.error(`corpus:check: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log(
  `corpus:check: ok, version ${bundle.version}: ${bundle.sources.length} sources, ${bundle.entities.length} entities, ` +
    `${bundle.facts.length} facts, ${bundle.quotes.length} quotes, ${bundle.events.length} events, ${bundle.claims.length} claims`,
);
