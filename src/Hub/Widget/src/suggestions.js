// Suggested replies and link buttons (docs/web-chat-protocol.md, Reply.suggestions, Reply.links): DOM-free, tested by
// node --test.
import { safeHref } from './linkify.js';

/** The most chips one answer shows (the hub sends at most 5). */
export const MAX_SUGGESTIONS = 5;

/** The usable suggested replies of a Reply: non-empty strings, at most MAX_SUGGESTIONS; null when none. */
export function suggestionsOf(value) {
  if (!Array.isArray(value)) return null;
  const texts = value.filter((s) => typeof s === 'string' && s.trim().length > 0).slice(0, MAX_SUGGESTIONS);
  return texts.length > 0 ? texts : null;
}

/** The most links one answer shows (the hub sends at most 3). */
export const MAX_LINKS = 3;

/**
 * The usable link buttons of a Reply: objects with a non-empty text and an http(s) url, as { text, url, host } (url
 * normalised by safeHref; the host is shown beside the label: a link shows where it goes); at most MAX_LINKS; null when
 * none. Its output is a valid input, so a restored answer is checked again with the same call.
 */
export function linksOf(value) {
  if (!Array.isArray(value)) return null;
  const links = [];
  for (const link of value) {
    if (links.length === MAX_LINKS) break;
    if (link === null || typeof link !== 'object' || typeof link.text !== 'string' || typeof link.url !== 'string') continue;
    const text = link.text.trim();
    const url = safeHref(link.url);
    if (text.length === 0 || url === null) continue;
    links.push({ text, url, host: new URL(url).host });
  }
  return links.length > 0 ? links : null;
}
