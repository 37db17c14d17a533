declare module 'virtual:corpus' {
  import type { CorpusBundle } from './corpus/schema';
  const bundle: CorpusBundle;
  export default bundle;
}
