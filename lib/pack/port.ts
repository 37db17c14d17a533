/**
 * A pack's preview or import as one long-lived job on a runtime port (issue 18: progress on long
 * imports, cancellable). A one-shot message cannot say how far it got nor be called off, so the
 * options page opens a port named PACK_PORT, sends one `start`, and hears each stage the
 * background enters, then the outcome. The file goes first, in chunks (PACK_CHUNK_CHARS). `cancel` (or closing the page, which disconnects the
 * port) aborts the job: before writing, nothing is written; while writing, the one transaction
 * is aborted, so nothing is left behind. Extension pages only: the background disconnects a port
 * from anywhere else.
 */
import * as v from 'valibot';
import type { PackPreview } from '../messaging/packs';
import { MAX_PACK_BYTES } from './limits';

export const PACK_PORT = 'fact-context:pack-job';

/** What a job does: preview reads and checks; import reads, checks and writes. */
export const PACK_ACTIONS = ['preview', 'import'] as const;
export type PackAction = (typeof PACK_ACTIONS)[number];

/**
 * The stages a job reports, in order. `reading`: the file decoded and inflated, its JSON parsed;
 * `checking`: the format, the hash and every corpus rule, and the merge's report; `writing`: the
 * one transaction over the packs and corpus tables (import only).
 */
export const PACK_STAGES = ['reading', 'checking', 'writing'] as const;
export type PackStage = (typeof PACK_STAGES)[number];

/** The stages each action goes through (the progress bar's length). */
export const STAGES_OF: Record<PackAction, readonly PackStage[]> = {
  preview: ['reading', 'checking'],
  import: PACK_STAGES,
};

/**
 * The file crosses as base64 (ports carry JSON, not bytes) in chunks of at most this many
 * characters (a multiple of 4, so each decodes alone). Measured in Chromium 13x: a port message of
 * 3.2 MB arrives, one of 5.4 MB (the archive's file) never does and the job hangs; 1 MiB is well
 * within what arrives, and the archive is six messages.
 */
export const PACK_CHUNK_CHARS = 2 ** 20;
/** The whole file as base64: the file cap, 4 characters per 3 bytes. */
export const MAX_PACK_BASE64_CHARS = Math.ceil(MAX_PACK_BYTES / 3) * 4;

/** The options page's messages on the port: the file's chunks, then `start`; `cancel` at any time. */
export const packJobRequest = v.variant('type', [
  v.strictObject({
    type: v.literal('chunk'),
    bytes: v.pipe(v.string(), v.maxLength(PACK_CHUNK_CHARS), v.base64()),
  }),
  v.strictObject({ type: v.literal('start'), action: v.picklist(PACK_ACTIONS) }),
  v.strictObject({ type: v.literal('cancel') }),
]);
export type PackJobRequest = v.InferOutput<typeof packJobRequest>;

/** The background's messages on the port: stages, then exactly one of the others. */
export type PackJobEvent =
  | { type: 'stage'; stage: PackStage }
  | { type: 'done'; result: PackPreview }
  | { type: 'cancelled' }
  | { type: 'failed'; error: string };

/** A job's cancellation, as an error: thrown where the job stops, reported as `cancelled`. */
export class PackJobCancelled extends Error {
  constructor() {
    super('The pack job was cancelled');
    this.name = 'PackJobCancelled';
  }
}
