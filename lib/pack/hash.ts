/**
 * The content hash of a pack: sha-256 of the canonical JSON of its content (sources, entities,
 * events, claims), as `sha256:<hex>`. Canonical is RFC 8785 (JCS) for the values a pack holds:
 * object keys sorted by UTF-16 code units, no whitespace, strings and integers as JSON.stringify
 * writes them. Any tool can recompute it; it does not depend on the file's key order, spacing or
 * compression, so pack → unpack → pack gives the same hash.
 */
import { CONTENT_KEYS, type PackContent } from './format';

/** Canonical JSON of parsed JSON data (no undefined, functions or non-finite numbers in it). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((k) => record[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(',')}}`;
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The hash that a pack's manifest must state for this content. */
export async function contentHashOf(content: PackContent): Promise<string> {
  const covered = Object.fromEntries(CONTENT_KEYS.map((k) => [k, content[k]]));
  return `sha256:${await sha256Hex(canonicalJson(covered))}`;
}
