/** The committed JSON Schema is the one generated from the code's schemas (other tools read it). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PACK_SCHEMA_FILE, packJsonSchema } from '@/scripts/corpus-pack-schema';

describe('pack JSON Schema', () => {
  it('is up to date with lib/pack/format.ts (regenerate: npx tsx scripts/corpus-pack-schema.ts)', async () => {
    expect(readFileSync(PACK_SCHEMA_FILE, 'utf8')).toBe(await packJsonSchema());
  });

  it('describes the envelope, the manifest and the authoring shapes strictly', async () => {
    const schema = JSON.parse(await packJsonSchema());
    expect(schema.properties.format).toEqual({ const: 'fact-context-pack' });
    expect(schema.properties.formatVersion).toEqual({ enum: [1, 2], type: 'number' });
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.manifest.required).toEqual(
      expect.arrayContaining([
        'id',
        'name',
        'version',
        'publisher',
        'licence',
        'created',
        'sourceCount',
        'contentHash',
      ]),
    );
    const source = schema.properties.sources.items;
    expect(source.required).toEqual(expect.arrayContaining(['id', 'title', 'text', 'published', 'position']));
    expect(source.additionalProperties).toBe(false);
    expect(source.properties.facts.items.required).toEqual(['id', 'entities', 'text', 'quote']);
  });
});
