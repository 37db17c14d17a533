/**
 * `import bundle from 'virtual:corpus'`: the compiled corpus, built from corpus/ at build
 * time. The build fails with the checker's messages when the corpus breaks a rule.
 */
import type { Plugin } from 'vite';
import { CORPUS_DIR, loadCorpus } from './read';
import { formatProblem } from '../../lib/corpus/compile';

const VIRTUAL_ID = 'virtual:corpus';
const RESOLVED_ID = '\0virtual:corpus';

export function corpusPlugin(): Plugin {
  return {
    name: 'fact-context-corpus',
    resolveId(id) {
      return id === VIRTUAL_ID ? RESOLVED_ID : undefined;
    },
    load(id) {
      if (id !== RESOLVED_ID) return undefined;
      // Tests build with other corpora (a hostile one, a generated one) through this variable.
      const dir = process.env.FACT_CONTEXT_CORPUS_DIR ?? CORPUS_DIR;
      const { bundle, problems, files } = loadCorpus(dir);
      for (const file of files) this.addWatchFile(file);
      if (!bundle) {
        throw new Error(`The corpus has ${problems.length} problem(s):\n${problems.map(formatProblem).join('\n')}`);
      }
      // JSON.parse of a string literal is faster to start than the equivalent object literal.
      return `export default JSON.parse(${JSON.stringify(JSON.stringify(bundle))});`;
    },
  };
}
