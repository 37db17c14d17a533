import { render } from 'preact';
import { Popup } from '@/components/Popup';
import '@/components/page.css';
import '@/components/card/card.css';

render(<Popup />, document.getElementById('app')!);
