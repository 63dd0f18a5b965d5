// Suggested replies (docs/web-chat-protocol.md, Reply.suggestions): DOM-free, tested by node --test.

/** The most chips one answer shows (the hub sends at most 5). */
export const MAX_SUGGESTIONS = 5;

/** The usable suggested replies of a Reply: non-empty strings, at most MAX_SUGGESTIONS; null when none. */
export function suggestionsOf(value) {
  if (!Array.isArray(value)) return null;
  const texts = value.filter((s) => typeof s === 'string' && s.trim().length > 0).slice(0, MAX_SUGGESTIONS);
  return texts.length > 0 ? texts : null;
}
