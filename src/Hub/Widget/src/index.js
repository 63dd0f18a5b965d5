// Entry point of widget.js (an IIFE bundle with the SignalR client and the CSS inside, so one <script> is enough).
//   Full page:  <div id="chathub" data-mode="page"></div><script src="/widget.js" defer></script>
//   Embedded:   <script src="https://hub.example/widget.js" async></script>  (launcher bottom-right, shadow DOM)

import { ChatApp } from './app.js';
import { resolveConfig } from './config.js';
import css from './styles.css';

// Captured synchronously: document.currentScript is null once the script has finished its first run.
const currentScript =
  document.currentScript ??
  Array.from(document.querySelectorAll('script[src]')).find((s) => /\/widget\.js(?:[?#]|$)/.test(s.src)) ??
  null;

function boot() {
  if (globalThis.ChatHub && globalThis.ChatHub.version) return; // loaded twice: keep the first one
  const container = document.getElementById('chathub');
  const config = resolveConfig({ script: currentScript, container, location: window.location });

  let root;
  if (config.mode === 'page') {
    if (!document.getElementById('chathub-style')) {
      const style = document.createElement('style');
      style.id = 'chathub-style';
      style.textContent = css;
      document.head.append(style);
    }
    root = container;
  } else {
    // The floating widget lives in an open shadow root: the host page's CSS cannot restyle it, ours cannot leak.
    const host = document.createElement('div');
    host.id = 'chathub-widget';
    const shadow = host.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = css;
    shadow.append(style);
    document.body.append(host);
    root = shadow;
  }

  const app = new ChatApp({ doc: document, root, config });
  globalThis.ChatHub = Object.freeze({
    version: 1,
    open: () => app.open(),
    close: () => app.close(),
  });
  app.mount();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot, { once: true });
else boot();
