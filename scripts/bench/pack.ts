/**
 * Corpus packs (issue 18, ADR 018) on the synthetic newsroom archive (5,000 sources, 10,000
 * people with 30,000 aliases, 70,000 quotes, 30,000 events): in Node, same run, same bytes.
 *
 * - gzip: the platform's DecompressionStream / CompressionStream against fflate (the library we
 *   would otherwise ship), each inflating under the same running cap. Target: the platform's at
 *   most as slow as fflate (it is the choice ADR 018 records).
 * - Reading a pack (inflate, parse, caps, hash, every corpus:check rule) and importing it (the
 *   pure merge), against two baselines: inflating + JSON.parse of the same bytes (the least any
 *   reader of the file does), and compiling the same content with no pack around it (what the
 *   bundled corpus's build costs for it: the pack's own overhead is the difference).
 * - Bytes: the file and its JSON (machine-independent, absolute limits: the caps).
 */
import { Gunzip, gzipSync } from 'fflate';
import { compileCorpus } from '../../lib/corpus/compile';
import { loadCorpus } from '../corpus/read';
import { gunzipCapped, gzip } from '../../lib/pack/gzip';
import { MAX_INFLATED_BYTES } from '../../lib/pack/limits';
import { bundledCorpus, importPack } from '../../lib/pack/merge';
import { readPack, toRawCorpus } from '../../lib/pack/read';
import { encodePack } from '../../lib/pack/write';
import { ARCHIVE_SIZE, syntheticPack } from '../corpus-pack-synthetic';
import { median, type Bench, type Figure } from './types';

/** Few runs: each reads ~40 MB of JSON, and the machine is shared. */
const RUNS = 3;
/** The platform's gzip must not be slower than the library it spares us. */
const GZIP_MAX_RATIO = 1;
/**
 * Reading checks every quote against its article and links every article with the matcher (to
 * know which sources mention whom): far more than parsing. Measured ~20x JSON.parse; 30x is the
 * budget before an import of the archive (~8 s in Node here) needs another design.
 */
const READ_MAX_RATIO = 30;
/**
 * The archive must fit the caps (lib/pack/limits.ts: 32 MiB file, 256 MiB JSON) four times over,
 * so that a newsroom's pack is never near them.
 */
const ARCHIVE_FILE_MAX_MB = 8;
const ARCHIVE_JSON_MAX_MB = 64;
/** What the pack adds to compiling its content (caps, hash, namespacing, merge): at most half again. */
const OVERHEAD_MAX_RATIO = 1.5;

/** fflate's streaming gunzip under the same running cap and the same input slices as ours. */
function fflateGunzipCapped(bytes: Uint8Array, maxBytes: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let ended = false;
  const inflater = new Gunzip((chunk, final) => {
    total += chunk.byteLength;
    if (total > maxBytes) throw new Error('too large');
    chunks.push(chunk);
    if (final) ended = true;
  });
  const slice = 16 * 1024;
  for (let at = 0; at < bytes.byteLength; at += slice) {
    inflater.push(bytes.subarray(at, at + slice), at + slice >= bytes.byteLength);
  }
  if (!ended) throw new Error('truncated');
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

async function time(fn: () => unknown): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return median(samples);
}

const bench: Bench = {
  title: 'Corpus packs',
  async run() {
    const figures: Figure[] = [];
    const document = await syntheticPack({ ...ARCHIVE_SIZE });
    const json = new TextEncoder().encode(JSON.stringify(document));
    const bytes = await encodePack(document);
    const megabytes = json.byteLength / 1e6;
    const label = `5,000-source pack (${megabytes.toFixed(1)} MB of JSON)`;

    figures.push(
      { name: 'pack file', value: bytes.byteLength / 1e6, unit: 'MB', limit: { max: ARCHIVE_FILE_MAX_MB } },
      { name: 'pack JSON', value: megabytes, unit: 'MB', limit: { max: ARCHIVE_JSON_MAX_MB } },
    );

    const nativeInflate = await time(() => gunzipCapped(bytes, MAX_INFLATED_BYTES));
    const fflateInflate = await time(() => fflateGunzipCapped(bytes, MAX_INFLATED_BYTES));
    figures.push({
      name: `inflate ${label}, DecompressionStream`,
      value: nativeInflate,
      unit: 'ms',
      baseline: { name: 'fflate Gunzip, same cap and slices', value: fflateInflate },
      ratio: { max: GZIP_MAX_RATIO },
    });
    const nativeDeflate = await time(() => gzip(json));
    const fflateDeflate = await time(() => gzipSync(json, { level: 6 }));
    figures.push({
      name: `compress ${label}, CompressionStream`,
      value: nativeDeflate,
      unit: 'ms',
      baseline: { name: 'fflate gzipSync, level 6', value: fflateDeflate },
      ratio: { max: GZIP_MAX_RATIO },
    });

    const parse = await time(async () =>
      JSON.parse(new TextDecoder().decode(await gunzipCapped(bytes, MAX_INFLATED_BYTES))),
    );
    const bundled = bundledCorpus(loadCorpus().bundle!);
    const readAndImport = await time(async () => {
      const result = await readPack(bytes);
      if (!result.ok) throw new Error(`the synthetic pack is refused: ${result.problems[0]?.reason}`);
      const imported = importPack(bundled, result);
      if (!imported.ok) throw new Error('the synthetic pack is not imported');
      return imported.view;
    });
    const compileOnly = await time(() => {
      const { raw } = toRawCorpus(JSON.parse(new TextDecoder().decode(json)));
      return compileCorpus(raw, () => 'baseline');
    });
    figures.push(
      {
        name: `read, check and import ${label}`,
        value: readAndImport,
        unit: 'ms',
        baseline: { name: 'inflate + JSON.parse of the same bytes', value: parse },
        ratio: { max: READ_MAX_RATIO },
      },
      {
        name: `read, check and import ${label} (pack overhead)`,
        value: readAndImport,
        unit: 'ms',
        baseline: { name: 'JSON.parse + compile of the same content, no pack', value: compileOnly },
        ratio: { max: OVERHEAD_MAX_RATIO },
      },
    );
    return figures;
  },
};

export default bench;
