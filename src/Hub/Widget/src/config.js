// Where the hub is and how the widget behaves, from the <script> tag and the optional #chathub container.
//
//   <script src="https://hub.example/widget.js" async></script>            floating launcher + panel
//   <div id="chathub" data-mode="page"></div> <script src="/widget.js">      full-page chat (the hub's own /)
//
// Attributes (on the script tag or the container; the container wins):
//   data-hub-url      hub base URL (default: the folder the script was loaded from)
//   data-max-length   message limit in UTF-16 code units, as the server counts (default 4000)
//   data-title        header title (default "ChatHub")
//   data-transport    "websockets" (default: WebSockets without the negotiate request, so it needs neither CORS
//                     nor sticky sessions) or "negotiate" (WebSockets, then Server-Sent Events, then long polling;
//                     cross-origin use then needs CORS on /hubs/chat and sticky sessions when scaled out)

export const DEFAULT_MAX_LENGTH = 4000;

function attribute(name, ...elements) {
  for (const element of elements) {
    const value = element?.getAttribute?.(name);
    if (value !== null && value !== undefined && value.trim() !== '') return value.trim();
  }
  return null;
}

/**
 * @param {{ script: HTMLScriptElement | null, container: HTMLElement | null, location: Location | URL }} input
 */
export function resolveConfig({ script, container, location }) {
  const pageUrl = String(location.href);
  const explicit = attribute('data-hub-url', container, script);
  let base;
  try {
    if (explicit) base = new URL(explicit.endsWith('/') ? explicit : `${explicit}/`, pageUrl);
    else if (script?.src) base = new URL('./', script.src);
    else base = new URL('/', pageUrl);
  } catch {
    base = new URL('/', pageUrl);
  }

  const maxLength = Number.parseInt(attribute('data-max-length', container, script) ?? '', 10);
  const transport = attribute('data-transport', container, script)?.toLowerCase() === 'negotiate' ? 'negotiate' : 'websockets';
  const mode = container?.getAttribute('data-mode') === 'page' ? 'page' : 'floating';

  return Object.freeze({
    mode,
    baseUrl: base.href,
    hubUrl: new URL('hubs/chat', base).href,
    origin: base.origin,
    sameOrigin: base.origin === new URL(pageUrl).origin,
    maxLength: Number.isSafeInteger(maxLength) && maxLength > 0 ? maxLength : DEFAULT_MAX_LENGTH,
    title: attribute('data-title', container, script) ?? 'ChatHub',
    transport,
  });
}
