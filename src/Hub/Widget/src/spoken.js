// Spoken replies (docs/web-chat-protocol.md, the Voice event): DOM-free, tested by node --test.

/** The largest spoken reply played (the hub's Voice:MaxReplyAudioBytes is 10 MB by default). */
export const MAX_SPOKEN_BYTES = 16 * 1024 * 1024;

/**
 * A usable Voice event as { replyId, mediaType, bytes } (bytes: a Uint8Array decoded from the base64 audio), or null:
 * a reply id, an audio/* media type, and base64 that decodes to at most MAX_SPOKEN_BYTES.
 */
export function spokenOf(value) {
  if (value === null || typeof value !== 'object') return null;
  const { replyId, mediaType, audio } = value;
  if (typeof replyId !== 'string' || replyId.length === 0) return null;
  if (typeof mediaType !== 'string' || !/^audio\/[a-z0-9.+-]+$/i.test(mediaType)) return null;
  if (typeof audio !== 'string' || audio.length === 0 || audio.length > Math.ceil(MAX_SPOKEN_BYTES / 3) * 4) return null;
  let binary;
  try {
    binary = globalThis.atob(audio);
  } catch {
    return null;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return { replyId, mediaType, bytes };
}
