// What survives a page reload: the conversation token and id, the highest reply seq seen (the replay cursor, like a
// Direct Line watermark) and a capped transcript. Keys are namespaced by the hub origin so that two hubs
// embedded on one site do not share a conversation: chathub:<origin>:token, :conversationId, :lastSeq, :transcript.

/** Most transcript entries kept (older ones are dropped first). */
export const MAX_TRANSCRIPT_ENTRIES = 200;

function safeStorage(getStorage) {
  try {
    const storage = getStorage();
    const probe = '__chathub_probe__';
    storage.setItem(probe, probe);
    storage.removeItem(probe);
    return storage;
  } catch {
    // Disabled storage, Safari private mode, sandboxed iframe: keep state in memory for this page only.
    const map = new Map();
    return {
      getItem: (k) => (map.has(k) ? map.get(k) : null),
      setItem: (k, v) => void map.set(k, String(v)),
      removeItem: (k) => void map.delete(k),
    };
  }
}

export class ChatStore {
  /**
   * @param {string} origin the hub origin, e.g. https://hub.example
   * @param {Storage} [storage]
   */
  constructor(origin, storage) {
    this.prefix = `chathub:${origin}:`;
    this.storage = storage ?? safeStorage(() => globalThis.localStorage);
  }

  #get(name) {
    try {
      return this.storage.getItem(this.prefix + name);
    } catch {
      return null;
    }
  }

  #set(name, value) {
    try {
      if (value === null || value === undefined) this.storage.removeItem(this.prefix + name);
      else this.storage.setItem(this.prefix + name, value);
    } catch {
      // Quota exceeded: the conversation still works, it just will not survive a reload.
    }
  }

  /** @returns {string | null} */
  get token() {
    const value = this.#get('token');
    return value ? value : null;
  }

  set token(value) {
    this.#set('token', value || null);
  }

  /** @returns {string | null} the conversation the stored token belongs to (tokens change on every Join, ids do not) */
  get conversationId() {
    const value = this.#get('conversationId');
    return value ? value : null;
  }

  set conversationId(value) {
    this.#set('conversationId', value || null);
  }

  /** @returns {number} */
  get lastSeq() {
    const value = Number.parseInt(this.#get('lastSeq') ?? '', 10);
    return Number.isSafeInteger(value) && value > 0 ? value : 0;
  }

  set lastSeq(value) {
    this.#set('lastSeq', String(Number.isSafeInteger(value) && value > 0 ? value : 0));
  }

  /** @returns {Array<object>} */
  loadTranscript() {
    try {
      const parsed = JSON.parse(this.#get('transcript') ?? '[]');
      return Array.isArray(parsed) ? parsed.filter((e) => e && typeof e === 'object') : [];
    } catch {
      return [];
    }
  }

  /** @param {Array<object>} entries */
  saveTranscript(entries) {
    this.#set('transcript', JSON.stringify(entries.slice(-MAX_TRANSCRIPT_ENTRIES)));
  }
}
