/** Names shared by the content script and its lazily loaded detector part (entrypoints/detector.ts). */
import type { PageScanner, ScannerOptions } from './scanner';

export const DETECTOR_GLOBAL = '__factContextCreateScanner';
export type CreateScanner = (options: ScannerOptions) => PageScanner;
