import { pieces } from '@/lib/search/highlight';
import type { MarkedText } from '@/lib/search/types';

/** Text with its matched words in <mark> elements, built from ranges: never parsed as HTML. */
export function Marked({ text }: { text: MarkedText }) {
  return <>{pieces(text).map((p, i) => (p.match ? <mark key={i}>{p.text}</mark> : p.text))}</>;
}
