import { mount } from 'svelte';
import App from './app/App.svelte';
import './app/app.css';

const target = document.getElementById('app');
if (target === null) throw new Error('index.html has no #app element');

export default mount(App, { target });

// The built site works offline after its first load (build/offline-plugin.ts emits sw.js).
if (import.meta.env.PROD && 'serviceWorker' in navigator && location.protocol.startsWith('http'))
  navigator.serviceWorker
    .register('./sw.js')
    .catch((err: unknown) => console.warn('offline mode unavailable:', err));
