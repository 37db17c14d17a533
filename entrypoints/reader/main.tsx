import { render } from 'preact';
import { Reader } from '@/components/timeline/Reader';
import { parseReaderParams } from '@/lib/timeline/url';
import '@/components/page.css';
import '@/components/timeline/timeline.css';
import '@/components/timeline/reader.css';
import '@/lib/content/marks.css';

render(<Reader params={parseReaderParams(location.search)} />, document.getElementById('app')!);
