/**
 * Corpus packs on the options page (issue 18): pick or drop a `.fcpack` file → the background
 * checks it whole and previews what it brings (counts, entities merged, aliases made ambiguous,
 * disagreements kept side by side) → import; the imported packs, each removable. Checking and
 * importing are jobs on a port (lib/pack/port.ts): their stages fill a progress bar, and Cancel
 * stops them with nothing written. Everything a pack says is shown as text.
 */
import { useState } from 'preact/hooks';
import { request } from '@/lib/messaging/protocol';
import type { PackPreview } from '@/lib/messaging/packs';
import { saveFile, startPackJob, type PackJob } from '@/lib/pack/client';
import { MAX_PACK_BYTES } from '@/lib/pack/limits';
import { STAGES_OF, type PackAction, type PackStage } from '@/lib/pack/port';
import { useRequest } from '../useRequest';

/** btoa takes a string of bytes; String.fromCharCode takes this many arguments at most safely. */
const BASE64_CHUNK = 0x8000;

async function fileBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += BASE64_CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + BASE64_CHUNK));
  }
  return btoa(binary);
}

/** A job under way: what it does, to which file, its stage so far, and its cancel. */
interface Running {
  kind: 'running';
  action: PackAction;
  name: string;
  stage: PackStage | null;
  job: PackJob | null;
  cancelling: boolean;
}

type Step =
  | { kind: 'idle' }
  | Running
  | { kind: 'preview'; preview: Extract<PackPreview, { ok: true }>; bytes: string }
  | { kind: 'refused'; problems: string[] }
  | { kind: 'done'; message: string };

const STAGE_LABELS: Record<PackStage, string> = {
  reading: 'Reading the file',
  checking: 'Checking every source, quote and name',
  writing: 'Writing to the database',
};
const ACTION_LABELS: Record<PackAction, string> = { preview: 'Checking', import: 'Importing' };

const plural = (n: number, word: string, words = `${word}s`) => `${n.toLocaleString('en')} ${n === 1 ? word : words}`;
const ENTITY = ['entity', 'entities'] as const;
const size = (bytes: number) => (bytes < 1e6 ? `${Math.ceil(bytes / 1e3)} kB` : `${(bytes / 1e6).toFixed(1)} MB`);

export function Packs() {
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const [generation, setGeneration] = useState(0);
  const [exported, setExported] = useState<{ ok: boolean; message: string } | null>(null);
  const [dragging, setDragging] = useState(false);
  const list = useRequest(() => request('page.listPacks'), String(generation));

  const refused = (error: unknown) =>
    setStep({ kind: 'refused', problems: [error instanceof Error ? error.message : String(error)] });

  async function pick(file: File | undefined) {
    if (!file) return;
    if (file.size > MAX_PACK_BYTES) {
      setStep({
        kind: 'refused',
        problems: [`${file.name} is larger than a pack may be (${MAX_PACK_BYTES / 2 ** 20} MiB).`],
      });
      return;
    }
    try {
      setStep({ kind: 'running', action: 'preview', name: file.name, stage: null, job: null, cancelling: false });
      const bytes = await fileBase64(file);
      const outcome = await run('preview', file.name, bytes);
      if (outcome.kind === 'cancelled') return setStep({ kind: 'done', message: 'Cancelled: nothing was imported.' });
      const preview = outcome.result;
      setStep(preview.ok ? { kind: 'preview', preview, bytes } : { kind: 'refused', problems: preview.problems });
    } catch (error) {
      refused(error);
    }
  }

  /** Runs a job, showing its stages; resolves with the background's outcome. */
  function run(action: PackAction, name: string, bytes: string) {
    const job = startPackJob(action, bytes, (stage) =>
      setStep((s) => (s.kind === 'running' && s.job === job ? { ...s, stage } : s)),
    );
    setStep({ kind: 'running', action, name, stage: null, job, cancelling: false });
    return job.outcome;
  }

  function cancel(running: Running) {
    if (!running.job || running.cancelling) return;
    running.job.cancel();
    setStep((s) => (s.kind === 'running' && s.job === running.job ? { ...s, cancelling: true } : s));
  }

  async function confirm(bytes: string, name: string) {
    try {
      const outcome = await run('import', name, bytes);
      const result = outcome.kind === 'done' ? outcome.result : null;
      if (!result) setStep({ kind: 'done', message: `Import of ${name} cancelled: nothing was changed.` });
      else if (!result.ok) setStep({ kind: 'refused', problems: result.problems });
      else {
        const verb = result.report.change === 'unchanged' ? 'was already imported' : 'imported';
        setStep({ kind: 'done', message: `${result.manifest.name} ${result.manifest.version} ${verb}.` });
      }
    } catch (error) {
      refused(error);
    }
    setGeneration((g) => g + 1);
  }

  const busy = step.kind === 'running';
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    if (!busy) void pick(event.dataTransfer?.files[0]);
  };
  const onDragOver = (event: DragEvent) => {
    // Without this the browser opens the dropped file instead of handing it to the page.
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = busy ? 'none' : 'copy';
    setDragging(true);
  };

  async function download(id: string) {
    try {
      const file = await request('page.exportPack', { id });
      saveFile(file);
      setExported({ ok: true, message: `Saved ${file.fileName}.` });
    } catch (error) {
      setExported({
        ok: false,
        message: `The export failed: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  }

  async function exportEverything() {
    setExported({ ok: true, message: 'Exporting everything…' });
    try {
      const file = await request('page.exportEverything');
      saveFile(file);
      setExported({ ok: true, message: `Saved ${file.fileName}.` });
    } catch (error) {
      setExported({
        ok: false,
        message: `The export failed: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  }

  async function remove(id: string, name: string) {
    try {
      await request('page.removePack', { id });
      setStep({ kind: 'done', message: `${name} removed.` });
    } catch (error) {
      refused(error);
    }
    setGeneration((g) => g + 1);
  }

  return (
    <div class="packs">
      <div
        class={dragging ? 'pack-drop dragging' : 'pack-drop'}
        data-pack-drop
        onDragOver={onDragOver}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <label>
          Import a pack (.fcpack){' '}
          <input
            type="file"
            accept=".fcpack"
            disabled={busy}
            onChange={(e) => {
              const input = e.currentTarget;
              void pick(input.files?.[0]);
              input.value = '';
            }}
          />
        </label>{' '}
        <span class="muted">or drop one here.</span>
      </div>
      {step.kind === 'running' && <Progress running={step} onCancel={() => cancel(step)} />}
      <div aria-live="polite">
        {step.kind === 'done' && <p data-pack-done>{step.message}</p>}
        {step.kind === 'refused' && (
          <div class="error" role="alert" data-pack-refused>
            <p>This pack cannot be imported; nothing was changed.</p>
            <ul>
              {step.problems.map((p, i) => (
                <li key={i}>{p}</li>
              ))}
            </ul>
          </div>
        )}
        {step.kind === 'preview' && (
          <PreviewOf
            preview={step.preview}
            onImport={() => void confirm(step.bytes, step.preview.manifest.name)}
            onCancel={() => setStep({ kind: 'idle' })}
          />
        )}
      </div>
      <h3>Export</h3>
      <p>
        <button type="button" onClick={() => void exportEverything()} data-export-everything>
          Export everything
        </button>{' '}
        <span class="muted small">
          The bundled corpus, every imported pack and your articles, merged, in one .fcpack file that another profile
          can import. One pack alone: its Export button below; your articles alone: under “Your articles”.
        </span>
      </p>
      {exported && (
        <p role={exported.ok ? 'status' : 'alert'} class={exported.ok ? 'notice' : 'error'} data-pack-export>
          {exported.message}
        </p>
      )}
      <h3>Imported packs</h3>
      {list.state === 'loading' && <p class="muted">Loading…</p>}
      {list.state === 'error' && <p class="error">The packs could not be read: {list.error}</p>}
      {list.state === 'ready' && !list.value.length && <p class="muted">None: only the bundled corpus.</p>}
      {list.state === 'ready' && list.value.length > 0 && (
        <ul class="list" aria-label="Imported packs">
          {list.value.map(({ manifest, counts }) => (
            <li key={manifest.id} data-pack-id={manifest.id}>
              <span>
                {manifest.name} {manifest.version} · {manifest.publisher} · {plural(counts.sources, 'source')},{' '}
                {plural(counts.entities, ...ENTITY)}
              </span>
              <button type="button" onClick={() => void download(manifest.id)} aria-label={`Export ${manifest.name}`}>
                Export
              </button>
              <button
                type="button"
                onClick={() => void remove(manifest.id, manifest.name)}
                aria-label={`Remove ${manifest.name}`}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A job's progress: its stages as an accessible progress bar, and its Cancel. */
function Progress({ running, onCancel }: { running: Running; onCancel: () => void }) {
  const stages = STAGES_OF[running.action];
  const at = running.stage ? stages.indexOf(running.stage) : 0;
  const label = running.stage ? STAGE_LABELS[running.stage] : 'Starting';
  const text = running.cancelling ? 'Cancelling…' : `${label} (step ${at + 1} of ${stages.length})`;
  return (
    <div class="pack-progress" data-pack-progress>
      <p class="muted" aria-live="polite">
        {ACTION_LABELS[running.action]} {running.name}: {text}
      </p>
      <progress
        aria-label={`${ACTION_LABELS[running.action]} ${running.name}`}
        aria-valuetext={text}
        max={stages.length}
        value={at}
      />{' '}
      <button type="button" onClick={onCancel} disabled={!running.job || running.cancelling}>
        Cancel
      </button>
    </div>
  );
}

function PreviewOf({
  preview,
  onImport,
  onCancel,
}: {
  preview: Extract<PackPreview, { ok: true }>;
  onImport: () => void;
  onCancel: () => void;
}) {
  const { manifest, counts, report } = preview;
  return (
    <section class="pack-preview" aria-label="Pack preview" data-pack-preview>
      <p>
        <strong>{manifest.name}</strong> {manifest.version} · {manifest.publisher} · licence {manifest.licence} · made{' '}
        {manifest.created} · {size(preview.bytes)}
      </p>
      {manifest.description && <p>{manifest.description}</p>}
      <p>
        {plural(counts.sources, 'source')}, {plural(counts.entities, ...ENTITY)}, {plural(counts.facts, 'fact')},{' '}
        {plural(counts.quotes, 'quote')}, {plural(counts.events, 'event')}, {plural(counts.claims, 'disputed claim')}.
      </p>
      {report.change === 'replaced' && <p>Replaces version {report.previousVersion}.</p>}
      {report.change === 'unchanged' && <p>This version is already imported.</p>}
      <p>{plural(report.mergedEntities.length, ...ENTITY)} already known: merged, each statement keeps its source.</p>
      {report.addedAliases.length > 0 && (
        <>
          <p>New names for entities already known (they will be highlighted as them):</p>
          <ul data-pack-added-aliases>
            {report.addedAliases.map((a) => (
              <li key={a.entityId}>
                {a.entityId}: {a.aliases.join(', ')}
              </li>
            ))}
          </ul>
        </>
      )}
      {report.newlyAmbiguous.length > 0 && (
        <>
          <p>Names that become ambiguous (shared by two entities), linked only with evidence on the page:</p>
          <ul>
            {report.newlyAmbiguous.map((a) => (
              <li key={a.alias}>
                {a.alias}: {a.entityIds.join(', ')}
              </li>
            ))}
          </ul>
        </>
      )}
      {report.conflicts.length > 0 && (
        <>
          <p>Where the sources disagree (both kept, side by side):</p>
          <ul>
            {report.conflicts.map((c) => (
              <li key={`${c.entityId}-${c.about}`}>
                {c.entityId}, {c.about}: {c.values.map((v) => `${v.value} (${v.sourceId})`).join(' / ')}
              </li>
            ))}
          </ul>
        </>
      )}
      <button type="button" onClick={onImport}>
        Import
      </button>{' '}
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </section>
  );
}
