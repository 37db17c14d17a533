/**
 * The background's answers to the pack messages (lib/messaging/packs.ts). A pack arrives as
 * base64 from the options page; it is read and checked whole here before anything is written.
 */
import type { HandlerContext, HandlerTable } from '../background/context';
import { forgetSearchIndex } from '../background/search';
import type { packSchemas, PackPreview } from '../messaging/packs';
import { formatPackProblem, readPack, type CheckedPack } from './read';
import { exportFromDb, importIntoDb, packSummaries, previewImport, removeFromDb } from './store';
import { encodePack } from './write';
import type { ImportResult } from './merge';

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** String.fromCharCode takes this many arguments at most safely. */
const BASE64_CHUNK = 0x8000;

function encodeBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += BASE64_CHUNK)
    binary += String.fromCharCode(...bytes.subarray(i, i + BASE64_CHUNK));
  return btoa(binary);
}

function previewOf(pack: CheckedPack, bytes: number, result: ImportResult): PackPreview {
  if (!result.ok) return { ok: false, problems: result.problems.map(formatPackProblem) };
  const b = pack.bundle;
  return {
    ok: true,
    manifest: pack.manifest,
    bytes,
    counts: {
      sources: b.sources.length,
      entities: b.entities.length,
      facts: b.facts.length,
      quotes: b.quotes.length,
      events: b.events.length,
      claims: b.claims.length,
    },
    report: result.report,
  };
}

async function checkedPack(base64: string): Promise<{ pack: CheckedPack; bytes: number } | PackPreview> {
  const bytes = decodeBase64(base64);
  const result = await readPack(bytes);
  if (!result.ok) return { ok: false, problems: result.problems.map(formatPackProblem) };
  return { pack: result, bytes: bytes.byteLength };
}

function bundleOf(ctx: HandlerContext) {
  if (!ctx.bundle) throw new Error('The bundled corpus is not available');
  return ctx.bundle;
}

export const packHandlers: HandlerTable<keyof typeof packSchemas> = {
  async 'page.previewPack'({ bytes }, _sender, ctx) {
    const read = await checkedPack(bytes);
    if ('ok' in read) return read;
    return previewOf(read.pack, read.bytes, await previewImport(await ctx.db(), bundleOf(ctx), read.pack));
  },

  async 'page.importPack'({ bytes }, _sender, ctx) {
    const read = await checkedPack(bytes);
    if ('ok' in read) return read;
    const db = await ctx.db();
    const result = await importIntoDb(db, bundleOf(ctx), read.pack);
    forgetSearchIndex(db);
    return previewOf(read.pack, read.bytes, result);
  },

  async 'page.listPacks'(_data, _sender, ctx) {
    return packSummaries(await ctx.db());
  },

  async 'page.exportPack'({ id }, _sender, ctx) {
    const document = await exportFromDb(await ctx.db(), id);
    if (!document) throw new Error(`No pack "${id}" is imported`);
    return { fileName: `${id}-${document.manifest.version}.fcpack`, bytes: encodeBase64(await encodePack(document)) };
  },

  async 'page.removePack'({ id }, _sender, ctx) {
    const db = await ctx.db();
    const removed = await removeFromDb(db, bundleOf(ctx), id);
    forgetSearchIndex(db);
    return removed;
  },
};
