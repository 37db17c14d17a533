/**
 * The background's answers to the pack messages (lib/messaging/packs.ts). A pack arrives as
 * base64 from the options page; it is read and checked whole here before anything is written.
 */
import * as v from 'valibot';
import type { HandlerContext, HandlerTable, SenderInfo } from '../background/context';
import { forgetCardRows } from '../background/card-rows';
import { forgetSearchIndex } from '../background/search';
import { matcherNames } from '../background/matcher-names';
import type { FactContextDb } from '../db';
import type { packSchemas, PackPreview } from '../messaging/packs';
import {
  MAX_PACK_BASE64_CHARS,
  packJobRequest,
  PackJobCancelled,
  type PackAction,
  type PackJobEvent,
  type PackStage,
} from './port';
import { DEFAULT_LIMITS, formatPackProblem, readPack, type CheckedPack } from './read';
import { exportFromDb, importIntoDb, packSummaries, previewImport, removeFromDb } from './store';
import { encodePack } from './write';
import { EVERYTHING_ID, exportEverything, exportFileName, exportYourArticles, YOUR_ARTICLES_ID } from './exports';
import { PACK_FORMAT, formatVersionOf, type PackDocument } from './format';
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

function bundleOf(ctx: HandlerContext) {
  if (!ctx.bundle) throw new Error('The bundled corpus is not available');
  return ctx.bundle;
}

/** Builds the new corpus's matcher names now (if it changed), so that the next page does not wait for them. */
function warmMatcherNames(db: FactContextDb): void {
  // Not built now (the worker stopped, the database closed): the next page's request builds them.
  matcherNames(db).catch(() => {});
}

/** How a job is followed: told each stage it enters, and called off by its signal. */
export interface JobProgress {
  onStage?: (stage: PackStage) => void;
  signal?: AbortSignal;
}

/** A task's turn: lets a waiting `cancel` on the port be heard between stages. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * A preview or an import, stage by stage (lib/pack/port.ts). Rejects with PackJobCancelled when
 * `signal` aborts before the import has committed; nothing is then written.
 */
export async function runPackJob(
  action: PackAction,
  base64: string,
  ctx: HandlerContext,
  { onStage, signal }: JobProgress = {},
): Promise<PackPreview> {
  const enter = async (stage: PackStage) => {
    await nextTask();
    if (signal?.aborted) throw new PackJobCancelled();
    onStage?.(stage);
  };
  await enter('reading');
  const bytes = decodeBase64(base64);
  const read = await readPack(bytes, DEFAULT_LIMITS, () => enter('checking'));
  if (!read.ok) return { ok: false, problems: read.problems.map(formatPackProblem) };
  const db = await ctx.db();
  if (action === 'preview') {
    const preview = previewOf(read, bytes.byteLength, await previewImport(db, bundleOf(ctx), read));
    if (signal?.aborted) throw new PackJobCancelled();
    return preview;
  }
  await enter('writing');
  const result = await importIntoDb(db, bundleOf(ctx), read, signal);
  forgetCardRows(db);
  forgetSearchIndex(db);
  warmMatcherNames(db);
  return previewOf(read, bytes.byteLength, result);
}

/** The part of a runtime port a job uses (browser.runtime.Port in both browsers). */
export interface JobPort {
  name: string;
  postMessage: (message: PackJobEvent) => void;
  disconnect: () => void;
  onMessage: { addListener: (listener: (message: unknown) => void) => void };
  onDisconnect: { addListener: (listener: () => void) => void };
}

/**
 * Serves one pack job on a port the options page opened (lib/pack/port.ts): only from the
 * extension's own pages, one `start` per port, a malformed message ends the port.
 */
export function servePackPort(port: JobPort, sender: SenderInfo, ctx: HandlerContext): void {
  if (!sender.fromExtensionPage) return port.disconnect();
  const controller = new AbortController();
  let started = false;
  let open = true;
  const chunks: string[] = [];
  let chars = 0;
  port.onDisconnect.addListener(() => {
    open = false;
    controller.abort();
  });
  const post = (message: PackJobEvent) => {
    if (open) port.postMessage(message);
  };
  port.onMessage.addListener((message) => {
    const parsed = v.safeParse(packJobRequest, message);
    const request = parsed.success ? parsed.output : null;
    const tooLong = request?.type === 'chunk' && chars + request.bytes.length > MAX_PACK_BASE64_CHARS;
    if (!request || tooLong || (request.type !== 'cancel' && started)) {
      controller.abort();
      open = false;
      return port.disconnect();
    }
    if (request.type === 'cancel') return controller.abort();
    if (request.type === 'chunk') {
      chunks.push(request.bytes);
      chars += request.bytes.length;
      return;
    }
    started = true;
    runPackJob(request.action, chunks.splice(0).join(''), ctx, {
      signal: controller.signal,
      onStage: (stage) => post({ type: 'stage', stage }),
    }).then(
      (result) => post({ type: 'done', result }),
      (error: unknown) =>
        post(
          error instanceof PackJobCancelled
            ? { type: 'cancelled' }
            : { type: 'failed', error: error instanceof Error ? error.message : String(error) },
        ),
    );
  });
}

/** A checked pack's file: its manifest and content exactly as checked. */
function encodeChecked(pack: CheckedPack): Promise<Uint8Array> {
  const document: PackDocument = {
    format: PACK_FORMAT,
    formatVersion: formatVersionOf(pack.content),
    manifest: pack.manifest,
    ...pack.content,
  };
  return encodePack(document);
}

export const packHandlers: HandlerTable<keyof typeof packSchemas> = {
  async 'page.previewPack'({ bytes }, _sender, ctx) {
    return runPackJob('preview', bytes, ctx);
  },

  async 'page.importPack'({ bytes }, _sender, ctx) {
    return runPackJob('import', bytes, ctx);
  },

  async 'page.listPacks'(_data, _sender, ctx) {
    return packSummaries(await ctx.db());
  },

  async 'page.exportPack'({ id }, _sender, ctx) {
    const document = await exportFromDb(await ctx.db(), id);
    if (!document) throw new Error(`No pack "${id}" is imported`);
    return { fileName: `${id}-${document.manifest.version}.fcpack`, bytes: encodeBase64(await encodePack(document)) };
  },

  async 'page.exportYourArticles'(_data, _sender, ctx) {
    const at = new Date(ctx.now?.() ?? Date.now());
    const pack = await exportYourArticles(await ctx.db(), at);
    return pack && { fileName: exportFileName(YOUR_ARTICLES_ID, at), bytes: encodeBase64(await encodeChecked(pack)) };
  },

  async 'page.exportEverything'(_data, _sender, ctx) {
    const at = new Date(ctx.now?.() ?? Date.now());
    const pack = await exportEverything(await ctx.db(), bundleOf(ctx), at);
    return { fileName: exportFileName(EVERYTHING_ID, at), bytes: encodeBase64(await encodeChecked(pack)) };
  },

  async 'page.removePack'({ id }, _sender, ctx) {
    const db = await ctx.db();
    const removed = await removeFromDb(db, bundleOf(ctx), id);
    forgetCardRows(db);
    forgetSearchIndex(db);
    warmMatcherNames(db);
    return removed;
  },
};
