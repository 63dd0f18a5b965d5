// Safe rendering of message text: text nodes only (never innerHTML), line breaks kept by CSS (pre-wrap), and
// http(s) URLs, bare or as Markdown [label](url), turned into links that open in a new tab without an opener. A
// Markdown link whose label is not its own address ("[https://bank.example](https://evil.example)", "[your bank](…)")
// is followed by the real address in parentheses: text from a model must not hide where a link goes.

const LINK_RE = /\[([^\]\n]{1,200})\]\((https?:\/\/[^\s()<>]+(?:\([^\s()<>]*\)[^\s()<>]*)*)\)|\bhttps?:\/\/[^\s<>"'`]+/gi;
const TRAILING_PUNCTUATION = /[.,;:!?'"*>]$/;
const CLOSERS = { ')': '(', ']': '[', '}': '{' };

function count(text, ch) {
  let n = 0;
  for (const c of text) if (c === ch) n++;
  return n;
}

/** Strips punctuation that ends the sentence rather than the URL ("see https://x.org/a." or "(https://x.org)"). */
export function trimUrl(url) {
  let result = url;
  for (;;) {
    const last = result.slice(-1);
    if (TRAILING_PUNCTUATION.test(result)) {
      result = result.slice(0, -1);
    } else if (last in CLOSERS && count(result, last) > count(result, CLOSERS[last])) {
      result = result.slice(0, -1);
    } else {
      return result;
    }
  }
}

/** @returns {string | null} the normalised href when `candidate` is an http or https URL, else null. */
export function safeHref(candidate) {
  try {
    const url = new URL(candidate);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * Splits text into plain and link segments.
 * @param {string} text
 * @returns {Array<{ text: string, href?: string }>}
 */
export function tokenize(text) {
  const segments = [];
  let index = 0;
  const push = (segment) => {
    if (!segment.text) return;
    const previous = segments[segments.length - 1];
    if (!segment.href && previous && !previous.href) previous.text += segment.text;
    else segments.push(segment);
  };
  for (const match of text.matchAll(LINK_RE)) {
    const start = match.index;
    let raw = match[0];
    let label;
    let target;
    if (match[1] !== undefined) {
      label = match[1];
      target = match[2];
    } else {
      raw = trimUrl(raw);
      label = raw;
      target = raw;
    }
    const href = safeHref(target);
    if (!href) continue;
    push({ text: text.slice(index, start) });
    push({ text: label, href });
    if (label !== target && safeHref(label.trim()) !== href) push({ text: ` (${href})` });
    index = start + raw.length;
  }
  push({ text: text.slice(index) });
  return segments;
}

/**
 * Replaces the children of `element` with the message text, links made clickable.
 * @param {HTMLElement} element
 * @param {string} text
 * @param {{ links?: boolean }} [options]
 */
export function renderText(element, text, options = {}) {
  const doc = element.ownerDocument;
  element.replaceChildren();
  const value = typeof text === 'string' ? text : String(text ?? '');
  if (options.links === false) {
    element.textContent = value;
    return;
  }
  for (const segment of tokenize(value)) {
    if (segment.href) {
      const a = doc.createElement('a');
      a.href = segment.href;
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      a.title = segment.href;
      a.textContent = segment.text;
      element.append(a);
    } else {
      element.append(doc.createTextNode(segment.text));
    }
  }
}
