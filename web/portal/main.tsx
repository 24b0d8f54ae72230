import { render } from 'preact';
import { initialLang, setLang } from '../i18n.js';
import { PortalApp } from './app.js';

setLang(initialLang());
const root = document.getElementById('app');
if (root) render(<PortalApp />, root);
