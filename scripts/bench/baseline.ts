/**
 * The bench's baseline extension (scripts/bench/baseline-extension): built on demand beside the
 * real build, and loaded into the same Chromium, so the cost of "any WXT content script" and
 * "any extension page" is measured in the same run as ours.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';

const PROJECT = join(import.meta.dirname, 'baseline-extension');
export const BASELINE_OUT_DIR = resolve(import.meta.dirname, '../../.tmp/bench-baseline-extension');
export const BASELINE_CHROME_DIR = join(BASELINE_OUT_DIR, 'chrome-mv3');

/** Builds the baseline extension for Chromium; returns its folder. */
export function buildBaselineExtension(): string {
  execFileSync('npx', ['wxt', 'build', PROJECT], {
    stdio: 'ignore',
    env: { ...process.env, BASELINE_OUT_DIR },
  });
  return BASELINE_CHROME_DIR;
}

/** Chromium's id for an unpacked extension: the first 128 bits of the SHA-256 of its path, as letters a–p. */
export function unpackedExtensionId(dir: string): string {
  const hex = createHash('sha256').update(resolve(dir)).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + Number.parseInt(c, 16))).join('');
}
