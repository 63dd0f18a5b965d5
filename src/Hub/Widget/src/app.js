// Wires the hub client to the view and keeps the transcript: user messages (pending → delivered | failed), final
// bot replies de-duplicated by id, and notes. Partial replies update the view only and are never persisted.

import { ChatClient } from './client.js';
import { newMessageId } from './ids.js';
import { ChatStore } from './storage.js';
import { linksOf, suggestionsOf } from './suggestions.js';
import { spokenOf } from './spoken.js';
import { ChatView } from './view.js';

/** Hide the typing indicator when the server has not refreshed it for this long. */
export const TYPING_TIMEOUT_MS = 10_000;

export class ChatApp {
  /**
   * @param {{ doc: Document, root: ParentNode, config: ReturnType<typeof import('./config.js').resolveConfig> }} options
   */
  constructor({ doc, root, config }) {
    this.config = config;
    this.store = new ChatStore(config.origin);
    this.entries = this.store.loadTranscript();
    this.typingTimer = 0;
    /** Error replies to messages whose Send has not answered yet, by client message id (see #onReply). */
    this.heldErrors = new Map();
    this.openKey = `chathub:${config.origin}:open`;

    this.view = new ChatView({
      doc,
      root,
      config,
      onSend: (text) => this.#send(text),
      onSendImage: (file, text) => void this.#sendImage(file, text),
      onRetry: (id) => this.#retry(id),
      onOpenChange: (open) => this.#onOpenChange(open),
      onVoice: () => void this.#toggleVoice(),
    });
    /** The recording in progress: { recorder, chunks, bytes } or null. */
    this.recording = null;

    this.client = new ChatClient({
      hubUrl: config.hubUrl,
      transport: config.transport,
      sameOrigin: config.sameOrigin,
      store: this.store,
      handlers: {
        onStatus: (status) => this.view.setStatus(status),
        onReply: (reply) => this.#onReply(reply),
        onTyping: (active) => this.#setTyping(active),
        onSpoken: (voice) => this.#onSpoken(voice),
        onJoined: (info) => this.#onJoined(info),
        onSendResult: (id, result) => this.#onSendResult(id, result),
      },
    });

    this.#restore();
  }

  /** Full-page mode connects at once; the floating widget when opened or when it has something to send. */
  mount() {
    if (this.config.mode === 'page') {
      this.client.start();
      // Focus the composer on desktops; on touch screens that would pop the keyboard over the conversation.
      if (globalThis.matchMedia?.('(pointer: fine)').matches) this.view.focusInput();
    } else if (this.#sessionFlag()) {
      this.view.open({ focus: false });
    }
  }

  open() {
    this.view.open();
  }

  close() {
    this.view.close();
  }

  #restore() {
    const last = this.entries[this.entries.length - 1];
    for (const entry of this.entries) {
      if (entry.kind === 'user' && typeof entry.id === 'string' && typeof entry.text === 'string') {
        this.view.addUser(entry, { scroll: false });
      } else if (entry.kind === 'bot' && typeof entry.id === 'string') {
        // Suggestions are a choice about the latest answer only.
        const suggestions = entry === last ? suggestionsOf(entry.suggestions) : null;
        this.view.upsertBot({ ...entry, final: true, suggestions, links: linksOf(entry.links) }, { notify: false });
      } else if (entry.kind === 'note' && typeof entry.text === 'string') {
        this.view.addNote(entry.text);
      }
    }
    this.view.scrollToEnd();
    // Messages that were still pending when the page went away go out again with the same id.
    for (const entry of this.entries) {
      if (entry.kind === 'user' && entry.state === 'pending') {
        // A recording is not kept: a voice message that was still on its way is not sent again.
        if (entry.voice) this.#onSendResult(entry.id, { accepted: false, error: 'The voice message was not sent. Please record it again.' });
        else this.client.send(entry.id, entry.text);
      }
    }
  }

  #save() {
    this.store.saveTranscript(this.entries);
  }

  #find(kind, id) {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const entry = this.entries[i];
      if (entry.kind === kind && entry.id === id) return entry;
    }
    return null;
  }

  #send(text) {
    this.view.clearSuggestions(); // answered: the chips of earlier answers are no longer the question
    const entry = { kind: 'user', id: newMessageId(), text, state: 'pending', error: null, at: Date.now() };
    this.entries.push(entry);
    this.#save();
    this.view.addUser(entry);
    this.client.send(entry.id, text);
  }

  /**
   * A picture: shown at once as the person's message, uploaded with the conversation's token (POST {base}/webchat/images:
   * the hub checks its size and type and keeps it for a while), then sent with SendImage like any message; a refused
   * upload shows the hub's reason on the message.
   */
  async #sendImage(file, text) {
    this.view.clearSuggestions();
    const entry = { kind: 'user', id: newMessageId(), text, image: true, imageId: null, state: 'pending', error: null, at: Date.now() };
    this.entries.push(entry);
    this.#save();
    this.view.addUser(entry);
    const uploaded = await this.client.upload('webchat/images', file, 'imageId', 'The picture could not be uploaded.');
    if (uploaded.error) {
      Object.assign(entry, { state: 'failed', error: uploaded.error });
      this.#save();
      this.view.updateUser(entry, { announce: true });
      return;
    }
    entry.imageId = uploaded.id;
    this.#save();
    this.client.send(entry.id, text, entry.imageId);
  }

  /** The microphone: the first click records (WebM Opus where the browser makes it), the next sends the recording. */
  async #toggleVoice() {
    if (this.recording) {
      this.recording.recorder.stop();
      return;
    }
    let stream;
    try {
      stream = await globalThis.navigator.mediaDevices.getUserMedia({ audio: true });
    } catch {
      this.view.addNote('I could not use the microphone (permission denied or no microphone).');
      return;
    }
    const type = ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus'].find((t) => globalThis.MediaRecorder.isTypeSupported?.(t));
    const recorder = new globalThis.MediaRecorder(stream, type ? { mimeType: type } : undefined);
    const recording = { recorder, chunks: [], bytes: 0 };
    this.recording = recording;
    recorder.addEventListener('dataavailable', (event) => {
      if (event.data && event.data.size > 0) {
        recording.chunks.push(event.data);
        recording.bytes += event.data.size;
        this.view.setRecording(true, recording.bytes);
      }
    });
    recorder.addEventListener('stop', () => {
      for (const track of stream.getTracks()) track.stop();
      this.recording = null;
      this.view.setRecording(false);
      if (recording.bytes > 0) this.#sendVoice(new Blob(recording.chunks, { type: recorder.mimeType || type || 'audio/webm' }));
    });
    recorder.start(250); // a chunk every 250 ms: data-recorded shows the recording is under way
    this.view.setRecording(true, 0);
  }

  #sendVoice(audio) {
    this.view.clearSuggestions();
    const entry = { kind: 'user', id: newMessageId(), text: '🎤 Voice message', voice: true, state: 'pending', error: null, at: Date.now() };
    this.entries.push(entry);
    this.#save();
    this.view.addUser(entry);
    void this.client.sendVoice(entry.id, audio);
  }

  #retry(id) {
    const entry = this.#find('user', id);
    if (!entry || entry.state !== 'failed' || entry.voice) return;
    // The server answers a client message id once, so a rejected message goes out again under a new id.
    const newId = newMessageId();
    this.view.renameUser(id, newId);
    Object.assign(entry, { id: newId, state: 'pending', error: null });
    this.#save();
    this.view.updateUser(entry);
    this.client.send(newId, entry.text, entry.imageId ?? null);
    this.view.focusInput();
  }

  #onSendResult(id, { accepted, error }) {
    const held = this.heldErrors.get(id);
    this.heldErrors.delete(id);
    const entry = this.#find('user', id);
    if (!entry) return;
    // Accepted after all: the held error reply is about the answer (shown as a bubble); rejected: it repeats
    // the reason, which the failed message already shows next to its Retry button.
    if (held && accepted) this.#showReply(held);
    if (accepted) {
      if (entry.state === 'delivered') return;
      entry.state = 'delivered';
      entry.error = null;
    } else {
      entry.state = 'failed';
      entry.error = error;
    }
    this.#save();
    this.view.updateUser(entry, { announce: !accepted });
  }

  #onReply(reply) {
    if (typeof reply.inReplyTo === 'string') {
      const question = this.#find('user', reply.inReplyTo);
      if (question && question.state === 'pending') {
        if (reply.error) {
          // The server rejects a message with an error reply and then the Send result: wait for the latter.
          this.heldErrors.set(reply.inReplyTo, reply);
          return;
        }
        question.state = 'delivered';
        question.error = null;
        this.#save();
        this.view.updateUser(question);
      }
    }
    this.#showReply(reply);
  }

  #showReply(reply) {
    const existing = this.#find('bot', reply.id);
    if (existing) return; // a final reply already shown (replayed after a reconnect): ignore it and later partials
    const normalised = {
      id: reply.id,
      inReplyTo: typeof reply.inReplyTo === 'string' ? reply.inReplyTo : null,
      text: typeof reply.text === 'string' ? reply.text : '',
      final: Boolean(reply.final),
      source: typeof reply.source === 'string' ? reply.source : 'system',
      seq: Number.isSafeInteger(reply.seq) ? reply.seq : 0,
      error: Boolean(reply.error),
      blocks: Array.isArray(reply.blocks) ? reply.blocks : null, // the hub's parsed Markdown (markdown.js)
      suggestions: suggestionsOf(reply.suggestions),
      links: linksOf(reply.links),
    };
    this.view.upsertBot(normalised);
    if (normalised.final) {
      this.entries.push({ kind: 'bot', ...normalised, at: Date.now() });
      this.#save();
      this.#setTyping(false);
    }
  }

  /** A spoken reply: a player on its answer, started at once while the page is in view (the text is there anyway). */
  #onSpoken(value) {
    const spoken = spokenOf(value);
    if (!spoken) return;
    const visible = globalThis.document?.visibilityState !== 'hidden';
    this.view.attachAudio(spoken.replyId, new Blob([spoken.bytes], { type: spoken.mediaType }), { autoplay: visible });
  }

  #onJoined({ newConversation, conversationId }) {
    this.view.setConversation(conversationId);
    if (newConversation) {
      // The server did not know our conversation (expired, or the hub lost it): say so, above the messages
      // that are still waiting to go out, since those now start the new conversation.
      const note = { kind: 'note', id: newMessageId(), text: 'New conversation started.', at: Date.now() };
      const firstPending = this.entries.findIndex((e) => e.kind === 'user' && e.state === 'pending');
      if (firstPending >= 0) this.entries.splice(firstPending, 0, note);
      else this.entries.push(note);
      this.#save();
      this.view.addNote(note.text, { before: firstPending >= 0 ? this.entries[firstPending + 1].id : undefined });
    }
  }

  #setTyping(active) {
    clearTimeout(this.typingTimer);
    this.view.setTyping(active);
    if (active) this.typingTimer = setTimeout(() => this.view.setTyping(false), TYPING_TIMEOUT_MS);
  }

  #onOpenChange(open) {
    if (open) this.client.start();
    try {
      if (open) globalThis.sessionStorage?.setItem(this.openKey, '1');
      else globalThis.sessionStorage?.removeItem(this.openKey);
    } catch {
      // Storage unavailable: the panel just starts closed on the next page.
    }
  }

  #sessionFlag() {
    try {
      return globalThis.sessionStorage?.getItem(this.openKey) === '1';
    } catch {
      return false;
    }
  }
}
