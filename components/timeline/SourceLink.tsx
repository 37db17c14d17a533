import type { ComponentChildren } from 'preact';
import { readerPath } from '@/lib/timeline/url';

export interface SourceLinkProps {
  sourceId: string;
  title: string;
  quote?: string | null;
  children?: ComponentChildren;
}

/** Opens a source in the reading view (a new tab), scrolled to the quote when there is one. */
export function SourceLink({ sourceId, title, quote, children }: SourceLinkProps) {
  return (
    <a href={readerPath(sourceId, quote)} target="_blank" rel="noopener" data-source-link={sourceId}>
      {children ?? title}
    </a>
  );
}
