/**
 * Reading a pack: the round trip, and every way a pack is refused, one broken pack each. The
 * first test proves the unbroken pack is clean, so each refusal comes from its one change.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadCorpus, CORPUS_DIR } from '@/scripts/corpus/read';
import { readPackContent } from '@/scripts/corpus-pack-files';
import { PACK_FORMAT_VERSION, READER_FORMAT_VERSION } from '@/lib/pack/format';
import { gzip } from '@/lib/pack/gzip';
import { contentHashOf } from '@/lib/pack/hash';
import { MAX_INFLATED_BYTES, MAX_STRING_LENGTH } from '@/lib/pack/limits';
import { DEFAULT_LIMITS, checkPackData, formatPackProblem, readPack } from '@/lib/pack/read';
import { encodePack, makePack } from '@/lib/pack/write';
import { editedPack, problemsOf, smallDocument } from './pack-support';

const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

describe('reading a pack', () => {
  it('reads a valid pack whole, and the same bytes give the same content back', async () => {
    const doc = await smallDocument();
    const bytes = await encodePack(doc);
    const result = await readPack(bytes);
    if (!result.ok) throw new Error(result.problems.map(formatPackProblem).join('\n'));
    expect(result.manifest).toEqual(doc.manifest);
    expect(result.content).toEqual({
      sources: doc.sources,
      entities: doc.entities,
      events: doc.events,
      claims: doc.claims,
    });
    expect(result.bundle.sources).toHaveLength(6);
    expect(result.bundle.entities).toHaveLength(12);
    expect(result.bundle.quotes).toHaveLength(12);
    expect(result.bundle.sources[0]!.text).toBe(doc.sources[0]!.text);
    // Packing what was read gives the same hash and the same bytes.
    const again = await makePack({ ...result.manifest, description: result.manifest.description }, result.content);
    expect(again.manifest.contentHash).toBe(doc.manifest.contentHash);
    expect(await encodePack(again)).toEqual(bytes);
  });

  it('hashes the content, not its key order or spacing', async () => {
    const doc = await smallDocument();
    const reordered = {
      claims: doc.claims,
      events: doc.events,
      entities: doc.entities.map((e) => Object.fromEntries(Object.entries(e).reverse())),
      sources: doc.sources,
    };
    expect(await contentHashOf(reordered as typeof doc)).toBe(doc.manifest.contentHash);
    expect(doc.manifest.contentHash).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('builds the bundled corpus through the same checks: packed, it compiles to the same corpus', async () => {
    const { bundle } = loadCorpus(CORPUS_DIR);
    const { content, problems } = readPackContent(CORPUS_DIR);
    expect(problems).toEqual([]);
    const doc = await makePack(
      {
        id: 'bundled-copy',
        name: 'The bundled corpus',
        description: null,
        version: '1',
        publisher: 'Fact Context',
        licence: 'see corpus/',
        created: '2026-12-04',
      },
      content,
    );
    const result = await readPack(await encodePack(doc));
    if (!result.ok) throw new Error(result.problems.map(formatPackProblem).join('\n'));
    const { version: _a, ...fromPack } = result.bundle;
    const { version: _b, ...bundled } = bundle!;
    expect(fromPack).toEqual(bundled);
  });
});

describe('refusing a pack', () => {
  it('refuses a truncated file', async () => {
    const bytes = await encodePack(await smallDocument());
    expect(await problemsOf(bytes.slice(0, Math.floor(bytes.byteLength / 2)))).toEqual([
      expect.stringMatching(/^pack: \(file\): is truncated or damaged/),
    ]);
  });

  it('refuses a file that is not gzip', async () => {
    expect(await problemsOf(encode(await smallDocument()))).toEqual([
      'pack: (file): is not a gzip file (a .fcpack file is gzip-compressed JSON)',
    ]);
  });

  it('refuses a gzip bomb at the inflated cap, counting while inflating', async () => {
    // 64 MiB of zeros in 64 kB: refused at a 1 MiB cap long before the 64 MiB are out.
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 });
    expect(bomb.byteLength).toBeLessThan(100_000);
    const before = process.memoryUsage().arrayBuffers;
    expect(await problemsOf(new Uint8Array(bomb), { maxInflatedBytes: 1024 * 1024 })).toEqual([
      'pack: (file): inflates to more than 1.0 MiB (the limit): refused',
    ]);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(48 * 1024 * 1024);
  });

  it('caps by default at MAX_INFLATED_BYTES', () => {
    expect(DEFAULT_LIMITS.maxInflatedBytes).toBe(MAX_INFLATED_BYTES);
  });

  it('refuses a file over the size cap without inflating it', async () => {
    const bytes = await encodePack(await smallDocument());
    expect(await problemsOf(bytes, { maxPackBytes: bytes.byteLength - 1 })).toEqual([
      expect.stringMatching(/^pack: \(file\): is 0\.0 MiB, over the limit of 0\.0 MiB$/),
    ]);
  });

  it('refuses a file that is not JSON', async () => {
    expect(await problemsOf(await gzip(new TextEncoder().encode('{"format": ')))).toEqual([
      expect.stringMatching(/^pack: \(file\): is not valid UTF-8 JSON/),
    ]);
    expect(await problemsOf(await gzip(new Uint8Array([0x7b, 0xff, 0x7d])))).toEqual([
      expect.stringMatching(/^pack: \(file\): is not valid UTF-8 JSON/),
    ]);
  });

  it('refuses another format, and a newer format version with its number', async () => {
    expect(await problemsOf(await editedPack((d) => Object.assign(d, { format: 'zip' })))).toEqual([
      'pack: format: must be "fact-context-pack": this is not a pack',
    ]);
    expect(
      await problemsOf(await editedPack((d) => Object.assign(d, { formatVersion: READER_FORMAT_VERSION + 1 }))),
    ).toEqual([
      `pack: formatVersion: is ${READER_FORMAT_VERSION + 1}, newer than this extension reads (${READER_FORMAT_VERSION}): update the extension`,
    ]);
    // Version 2 is a pack with the reader's own articles: without that section it is not one.
    expect(
      await problemsOf(await editedPack((d) => Object.assign(d, { formatVersion: READER_FORMAT_VERSION }))),
    ).toEqual([
      `pack: formatVersion: must be ${READER_FORMAT_VERSION} exactly when the pack has a "reader" section (the reader's own articles)`,
    ]);
    expect(await problemsOf(await editedPack((d) => Object.assign(d, { formatVersion: PACK_FORMAT_VERSION })))).toEqual(
      [],
    );
  });

  it('refuses content that does not match its hash (changed after it was made)', async () => {
    const bytes = await editedPack(
      (d) => {
        d.sources[0]!.text = d.sources[0]!.text.replace('Published', 'Posted');
      },
      { rehash: false },
    );
    const problems = await problemsOf(bytes);
    expect(problems).toContainEqual(expect.stringMatching(/^pack: manifest\.contentHash: does not match the content/));
  });

  it('refuses a wrong source count', async () => {
    const bytes = await editedPack(
      (d) => {
        d.manifest.sourceCount = 7;
      },
      { rehash: false },
    );
    expect(await problemsOf(bytes)).toContain('pack: manifest.sourceCount: says 7 sources, the pack has 6');
  });

  it('refuses a reference to a missing source, and a source without its text', async () => {
    const missing = await editedPack((d) => {
      d.events[0]!.evidence[0]!.source = 'no-such-source';
    });
    expect(await problemsOf(missing)).toEqual([
      expect.stringMatching(/^events\.yaml: synthetic-source-00000-event-0: unknown source "no-such-source"$/),
    ]);
    const textless = await editedPack((d) => {
      delete (d.sources[1] as { text?: string }).text;
    });
    expect(await problemsOf(textless)).toContain('pack: sources[1].text: must be the article text (a string)');
  });

  it('refuses a quote that is not verbatim in its source, naming the file, the item and the quote', async () => {
    const bytes = await editedPack((d) => {
      const fact = d.sources[2]!.facts![0]!;
      fact.quote = fact.quote.replace('told reporters', 'told journalists');
    });
    expect(await problemsOf(bytes)).toEqual([
      expect.stringMatching(
        /^sources\/synthetic-source-00002\/source\.yaml: synthetic-source-00002-fact-0: quote is not verbatim in sources\/synthetic-source-00002\/article\.txt: ".* told journalists in /,
      ),
    ]);
  });

  it('refuses over-long strings by their place', async () => {
    const long = 'x'.repeat(MAX_STRING_LENGTH + 1);
    const bytes = await editedPack((d) => {
      d.sources[3]!.title = long;
    });
    expect(await problemsOf(bytes)).toEqual([
      `pack: sources[3].title: is ${MAX_STRING_LENGTH + 1} characters long, over the limit of ${MAX_STRING_LENGTH}`,
    ]);
    const text = await editedPack((d) => {
      d.sources[0]!.text += 'y'.repeat(200);
    });
    expect(await problemsOf(text, { maxSourceTextLength: 100 })).toContainEqual(
      expect.stringMatching(/^pack: sources\[0\]\.text: is \d+ characters long, over the limit of 100$/),
    );
  });

  it('refuses duplicate ids', async () => {
    const bytes = await editedPack((d) => {
      d.sources[1]!.facts![1]!.id = d.sources[1]!.facts![0]!.id;
    });
    expect(await problemsOf(bytes)).toEqual([
      'sources/synthetic-source-00001/source.yaml: synthetic-source-00001-fact-0: duplicated id (also a fact)',
    ]);
  });

  it('refuses more sources, entities, items or aliases than the caps', async () => {
    const bytes = await encodePack(await smallDocument());
    expect(await problemsOf(bytes, { maxSources: 5 })).toEqual(['pack: sources: has 6 sources, over the limit of 5']);
    expect(await problemsOf(bytes, { maxEntities: 11 })).toEqual([
      'pack: entities: has 12 entities, over the limit of 11',
    ]);
    expect(await problemsOf(bytes, { maxItems: 10 })).toEqual([
      'pack: (items): has 32 facts, quotes, events and claims, over the limit of 10',
    ]);
    expect(await problemsOf(bytes, { maxAliasesPerEntity: 2 })).toContain(
      'pack: entities[0].aliases: has 3 aliases, over the limit of 2',
    );
  });

  it('refuses JSON nested deeper than the format needs, without recursion', async () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const result = await checkPackData({ format: 'fact-context-pack', formatVersion: 1, sources: [], extra: deep });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.map(formatPackProblem)).toEqual([
      expect.stringMatching(/^pack: extra(\[0\]){15}: nests deeper than 16 levels$/),
    ]);
  });

  it('refuses unknown fields and a bad manifest, naming them', async () => {
    const extra = await editedPack((d) => Object.assign(d, { script: 'alert(1)' }), { rehash: false });
    expect(await problemsOf(extra)).toEqual([expect.stringMatching(/^pack: script: Invalid key/)]);
    const bundledId = await editedPack((d) => {
      d.manifest.id = 'bundled';
    });
    expect(await problemsOf(bundledId)).toEqual([`pack: manifest.id: "bundled" names the extension's own corpus`]);
    const badVersion = await editedPack((d) => {
      d.manifest.version = 'v2 final';
    });
    expect(await problemsOf(badVersion)).toEqual(['pack: manifest.version: must be like 1, 1.2 or 1.2.3']);
  });

  it('keeps markup and hostile text as text, and shows control characters escaped in problems', async () => {
    const markup = '<img src=x onerror="alert(1)"><script>alert(2)</script> &amp; \u202eevil';
    const bytes = await editedPack((d) => {
      d.sources[0]!.title = markup;
      d.entities[0]!.name = d.entities[0]!.name; // unchanged: ids derive from names
      d.sources[0]!.facts![0]!.text = markup;
    });
    const result = await readPack(bytes);
    if (!result.ok) throw new Error(result.problems.map(formatPackProblem).join('\n'));
    expect(result.bundle.sources[0]!.title).toBe(markup);
    expect(result.bundle.facts[0]!.text).toBe(markup);

    const hostileQuote = await editedPack((d) => {
      d.sources[0]!.facts![0]!.quote = '\u001b[2J\u202eforged line';
    });
    const [line] = await problemsOf(hostileQuote);
    expect(line).toContain('"\\u{1b}[2J\\u{202e}forged line"');
    expect(line).not.toMatch(/[\u001b\u202e]/);
  });

  it('returns no corpus at all when anything is wrong (never a part of a pack)', async () => {
    const bytes = await editedPack((d) => {
      d.sources[5]!.facts![0]!.quote = 'not in the article';
    });
    const result = await readPack(bytes);
    expect(result).toEqual({ ok: false, problems: [expect.objectContaining({ reason: expect.any(String) })] });
    expect('bundle' in result).toBe(false);
  });
});
