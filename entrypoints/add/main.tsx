import { render } from 'preact';
import { AddPage } from '@/components/AddPage';
import '@/components/page.css';

render(<AddPage />, document.getElementById('app')!);
