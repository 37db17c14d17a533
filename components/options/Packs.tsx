/**
 * Corpus packs on the options page (issue 18): pick a `.fcpack` file → the background checks it
 * whole and previews what it brings (counts, entities merged, aliases made ambiguous,
 * disagreements kept side by side) → import; the imported packs, each removable. Everything a
 * pack says is shown as text.
 */
import { useState } from 'preact/hooks';
import { request } from '@/lib/messaging/protocol';
import type { PackPreview } from '@/lib/messaging/packs';
import { MAX_PACK_BYTES } from '@/lib/pack/limits';
import { useRequest } from '../useRequest';

/** btoa takes a string of bytes; String.fromCharCode takes this many arguments at most safely. */
const BASE64_CHUNK = 0x8000;
/** How long an exported file's object URL lives: the download has started long before. */
const REVOKE_DELAY_MS = 60_000;

async function fileBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += BASE64_CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + BASE64_CHUNK));
  }
  return btoa(binary);
}

type Step =
  | { kind: 'idle' }
  | { kind: 'checking'; name: string }
  | { kind: 'preview'; preview: Extract<PackPreview, { ok: true }>; bytes: string }
  | { kind: 'importing'; name: string }
  | { kind: 'refused'; problems: string[] }
  | { kind: 'done'; message: string };

const plural = (n: number, word: string, words = `${word}s`) => `${n.toLocaleString('en')} ${n === 1 ? word : words}`;
const ENTITY = ['entity', 'entities'] as const;
const size = (bytes: number) => (bytes < 1e6 ? `${Math.ceil(bytes / 1e3)} kB` : `${(bytes / 1e6).toFixed(1)} MB`);

export function Packs() {
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const [generation, setGeneration] = useState(0);
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
    setStep({ kind: 'checking', name: file.name });
    try {
      const bytes = await fileBase64(file);
      const preview = await request('page.previewPack', { bytes });
      setStep(preview.ok ? { kind: 'preview', preview, bytes } : { kind: 'refused', problems: preview.problems });
    } catch (error) {
      refused(error);
    }
  }

  async function confirm(bytes: string, name: string) {
    setStep({ kind: 'importing', name });
    try {
      const result = await request('page.importPack', { bytes });
      if (!result.ok) setStep({ kind: 'refused', problems: result.problems });
      else {
        const verb = result.report.change === 'unchanged' ? 'was already imported' : 'imported';
        setStep({ kind: 'done', message: `${result.manifest.name} ${result.manifest.version} ${verb}.` });
      }
    } catch (error) {
      refused(error);
    }
    setGeneration((g) => g + 1);
  }

  async function download(id: string) {
    try {
      const { fileName, bytes } = await request('page.exportPack', { id });
      const binary = atob(bytes);
      const data = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i++) data[i] = binary.charCodeAt(i);
      const url = URL.createObjectURL(new Blob([data], { type: 'application/gzip' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = fileName;
      link.click();
      // The download has its own copy once it has started.
      setTimeout(() => URL.revokeObjectURL(url), REVOKE_DELAY_MS);
    } catch (error) {
      refused(error);
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
      <label>
        Import a pack (.fcpack){' '}
        <input
          type="file"
          accept=".fcpack"
          disabled={step.kind === 'checking' || step.kind === 'importing'}
          onChange={(e) => {
            const input = e.currentTarget;
            void pick(input.files?.[0]);
            input.value = '';
          }}
        />
      </label>
      <div aria-live="polite">
        {step.kind === 'checking' && <p class="muted">Checking {step.name}…</p>}
        {step.kind === 'importing' && <p class="muted">Importing {step.name}…</p>}
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
