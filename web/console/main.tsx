import { render } from 'preact';
import { initialLang, setLang } from '../i18n.js';
import { ConsoleApp } from './app.js';

setLang(initialLang());
const root = document.getElementById('app');
if (root) render(<ConsoleApp />, root);
