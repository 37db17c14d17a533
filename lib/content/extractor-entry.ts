/**
 * Names shared by the content script and its lazily loaded extractor part
 * (entrypoints/extractor.ts: Readability and lib/extract), which loads only when an extension
 * page asks for the article (`tab.extractArticle`), never with the content script.
 */
import type { ExtractionResult, ExtractOptions } from '../extract';

export const EXTRACTOR_GLOBAL = '__factContextExtractArticle';
export type ExtractArticle = (doc: Document, options: ExtractOptions) => ExtractionResult;
