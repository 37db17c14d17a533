import type { CorpusInfo } from '@/lib/messaging/protocol';
import { DateText } from './DateText';

/** The corpus in use: version, counts and sources. */
export function CorpusSummary({ info }: { info: CorpusInfo }) {
  const { counts } = info;
  return (
    <section aria-label="Corpus in use" class="corpus-summary">
      <p>
        Corpus <code>{info.version}</code>: {counts.sources} sources, {counts.entities} people and weapons,{' '}
        {counts.facts} facts, {counts.quotes} quotes, {counts.events} events, {counts.claims} disputed claims.
      </p>
      <ul>
        {info.sources.map((s) => (
          <li key={s.id}>
            {s.title}
            {s.publisher ? ` — ${s.publisher}` : ''} (<DateText date={s.publishedAt} precision={s.datePrecision} />)
          </li>
        ))}
      </ul>
    </section>
  );
}
