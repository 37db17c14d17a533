import { render } from 'preact';
import { Timeline } from '@/components/Timeline';
import '@/components/page.css';

render(<Timeline />, document.getElementById('app')!);
