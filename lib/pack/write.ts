/** Making a pack: the manifest's counted and hashed fields filled in, then JSON, then gzip. */
import { PACK_FORMAT, formatVersionOf, type PackContent, type PackDocument, type PackManifest } from './format';
import { gzip } from './gzip';
import { contentHashOf } from './hash';

/** What a publisher states; the rest of the manifest is computed. */
export type PackInfo = Omit<PackManifest, 'sourceCount' | 'contentHash'>;

export async function makePack(info: PackInfo, content: PackContent): Promise<PackDocument> {
  return {
    format: PACK_FORMAT,
    formatVersion: formatVersionOf(content),
    manifest: {
      id: info.id,
      name: info.name,
      description: info.description,
      version: info.version,
      publisher: info.publisher,
      licence: info.licence,
      created: info.created,
      sourceCount: content.sources.length,
      contentHash: await contentHashOf(content),
    },
    sources: content.sources,
    entities: content.entities,
    events: content.events,
    claims: content.claims,
    ...(content.reader ? { reader: content.reader } : {}),
  };
}

/** The `.fcpack` bytes: the document as compact JSON, gzip-compressed. */
export async function encodePack(document: PackDocument): Promise<Uint8Array> {
  return gzip(new TextEncoder().encode(JSON.stringify(document)));
}
