// Formatted replies: the hub parses a reply's Markdown once (Markdig) and sends its structure with the reply as
// `blocks` (docs/web-chat-protocol.md). This module turns that structure into DOM with createElement and text nodes
// only: a fixed set of elements, no attribute taken from the reply but a link's address (http/https only, checked
// again here) and a code block's language (as a data attribute). Nothing here parses Markdown or HTML, so no reply
// text can become markup. A link whose label is not its address is followed by the address.

import { safeHref } from './linkify.js';

const MAX_DEPTH = 24;

/**
 * Replaces the children of `element` with the rendered blocks.
 * @param {HTMLElement} element
 * @param {unknown} blocks the reply's `blocks`
 * @returns {boolean} false (and nothing rendered) when `blocks` is not a usable structure
 */
export function renderBlocks(element, blocks) {
  if (!Array.isArray(blocks) || blocks.length === 0) return false;
  const doc = element.ownerDocument;
  const fragment = doc.createDocumentFragment();
  try {
    appendBlocks(doc, fragment, blocks, 0);
  } catch {
    return false; // malformed: the caller shows the text instead
  }
  element.replaceChildren(fragment);
  return true;
}

function el(doc, tag, children = [], attributes = {}) {
  const element = doc.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  for (const child of children) element.append(child);
  return element;
}

function appendBlocks(doc, parent, blocks, depth) {
  if (depth > MAX_DEPTH || !Array.isArray(blocks)) throw new Error('bad blocks');
  for (const block of blocks) parent.append(renderBlock(doc, block, depth));
}

function renderBlock(doc, block, depth) {
  switch (block?.type) {
    case 'paragraph':
      return withInlines(doc, el(doc, 'p'), block.inlines, depth);
    case 'heading':
      return el(doc, 'p', [withInlines(doc, el(doc, 'strong'), block.inlines, depth)], { class: 'chathub-heading' });
    case 'code': {
      const code = el(doc, 'code', [doc.createTextNode(String(block.code ?? ''))]);
      if (typeof block.language === 'string' && /^[A-Za-z0-9+#._-]{1,32}$/.test(block.language)) {
        code.dataset.language = block.language;
      }
      return el(doc, 'pre', [code]);
    }
    case 'list': {
      const list = el(doc, block.ordered ? 'ol' : 'ul');
      if (block.ordered && Number.isSafeInteger(block.start) && block.start !== 1) list.setAttribute('start', String(block.start));
      for (const item of Array.isArray(block.items) ? block.items : []) {
        const li = el(doc, 'li');
        appendBlocks(doc, li, item, depth + 1);
        list.append(li);
      }
      return list;
    }
    case 'quote': {
      const quote = el(doc, 'blockquote');
      appendBlocks(doc, quote, block.blocks, depth + 1);
      return quote;
    }
    case 'rule':
      return el(doc, 'hr');
    default:
      throw new Error('unknown block');
  }
}

function withInlines(doc, parent, inlines, depth) {
  if (depth > MAX_DEPTH || !Array.isArray(inlines)) throw new Error('bad inlines');
  for (const inline of inlines) {
    switch (inline?.type) {
      case 'text':
        parent.append(doc.createTextNode(String(inline.value ?? '')));
        break;
      case 'code':
        parent.append(el(doc, 'code', [doc.createTextNode(String(inline.value ?? ''))]));
        break;
      case 'br':
        parent.append(el(doc, 'br'));
        break;
      case 'strong':
        parent.append(withInlines(doc, el(doc, 'strong'), inline.inlines, depth + 1));
        break;
      case 'em':
        parent.append(withInlines(doc, el(doc, 'em'), inline.inlines, depth + 1));
        break;
      case 'strike':
        parent.append(withInlines(doc, el(doc, 's'), inline.inlines, depth + 1));
        break;
      case 'link': {
        const href = safeHref(String(inline.href ?? ''));
        const label = withInlines(doc, href ? el(doc, 'a') : el(doc, 'span'), inline.inlines, depth + 1);
        if (!href) {
          parent.append(label); // not http(s): the label as text, never a link
          break;
        }
        label.href = href;
        label.target = '_blank';
        label.rel = 'noopener noreferrer';
        label.title = href;
        parent.append(label);
        if (safeHref(label.textContent.trim()) !== href) parent.append(doc.createTextNode(` (${href})`));
        break;
      }
      default:
        throw new Error('unknown inline');
    }
  }
  return parent;
}
