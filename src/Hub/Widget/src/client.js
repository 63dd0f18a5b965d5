// The hub protocol (see Widget/README.md): one SignalR connection to {base}/hubs/chat, Join(token, lastSeq) after
// every (re)connect, Send(text, clientMessageId) with the same id again after a drop, Reply/Typing/Voice from the server.

import {
  HttpTransportType,
  HubConnectionBuilder,
  HubConnectionState,
  LogLevel,
} from '@microsoft/signalr';
import { foreverRetryPolicy, nextRetryDelay } from './retry.js';

/** @typedef {'idle' | 'connecting' | 'online' | 'reconnecting' | 'offline'} ConnectionStatus */

/**
 * @typedef {object} ChatClientHandlers
 * @property {(status: ConnectionStatus) => void} onStatus
 * @property {(reply: object) => void} onReply
 * @property {(active: boolean) => void} onTyping
 * @property {(voice: object) => void} [onSpoken]
 * @property {(info: { newConversation: boolean, conversationId: string }) => void} onJoined
 * @property {(id: string, result: { accepted: boolean, error: string | null }) => void} onSendResult
 */

function errorMessage(error) {
  const message = error && typeof error.message === 'string' ? error.message : String(error ?? '');
  // HubException messages arrive as "An unexpected error occurred invoking 'Send' on the server. HubException: ...".
  const hub = message.indexOf('HubException: ');
  return hub >= 0 ? message.slice(hub + 'HubException: '.length) : message || 'The message could not be sent.';
}

export class ChatClient {
  /**
   * @param {{ hubUrl: string, transport: 'websockets' | 'negotiate', sameOrigin: boolean, store: import('./storage.js').ChatStore, handlers: ChatClientHandlers }} options
   */
  constructor({ hubUrl, transport, sameOrigin, store, handlers }) {
    this.hubUrl = hubUrl;
    this.store = store;
    this.handlers = handlers;
    /** Unanswered sends by client message id; `generation` is the Join they were sent after (-1: not sent yet). */
    this.outbox = new Map();
    this.generation = 0;
    this.joined = false;
    this.started = false;
    this.status = 'idle';
    this.looping = false;
    this.wake = null;

    const useWebSockets = transport !== 'negotiate' && typeof globalThis.WebSocket === 'function';
    const httpOptions = useWebSockets
      ? { transport: HttpTransportType.WebSockets, skipNegotiation: true }
      : {
          transport: HttpTransportType.WebSockets | HttpTransportType.ServerSentEvents | HttpTransportType.LongPolling,
          // The conversation is identified by the Join token, not cookies; cross-origin calls stay simple CORS.
          withCredentials: sameOrigin,
        };

    this.connection = new HubConnectionBuilder()
      .withUrl(hubUrl, httpOptions)
      .withAutomaticReconnect({
        nextRetryDelayInMilliseconds: (context) => {
          // A blip shows as "reconnecting"; after a few failed attempts the hub is considered offline.
          if (context.previousRetryCount >= 2) this.#setStatus('offline');
          return foreverRetryPolicy.nextRetryDelayInMilliseconds(context);
        },
      })
      .configureLogging(LogLevel.Warning)
      .build();

    this.connection.on('Reply', (reply) => this.#onReply(reply));
    this.connection.on('Typing', (typing) => this.handlers.onTyping(Boolean(typing && typing.active)));
    this.connection.on('Voice', (voice) => this.handlers.onSpoken?.(voice));
    // Sent when a Send arrives before Join (never from this client, which always joins first): keep the token.
    this.connection.on('Session', (session) => {
      if (session && typeof session.token === 'string' && session.token) {
        this.store.token = session.token;
        this.store.conversationId = String(session.conversationId ?? '');
      }
    });
    this.connection.onreconnecting(() => {
      this.joined = false;
      this.handlers.onTyping(false);
      this.#setStatus('reconnecting');
    });
    this.connection.onreconnected(() => void this.#join());
    this.connection.onclose(() => {
      // Only reached when automatic reconnect is not possible (the server closed without allowing it, or a
      // failed Join stopped the connection): start over with the same back-off.
      this.joined = false;
      this.handlers.onTyping(false);
      if (this.started) void this.#startLoop(1);
    });

    const wakeUp = () => this.wake?.();
    globalThis.addEventListener?.('online', wakeUp);
    globalThis.document?.addEventListener?.('visibilitychange', () => {
      if (globalThis.document.visibilityState === 'visible') wakeUp();
    });
  }

  /** Connects (once); later calls do nothing. */
  start() {
    if (this.started) return;
    this.started = true;
    void this.#startLoop(0);
  }

  /**
   * Queues a message; it is sent now when joined, else right after the next Join.
   * @param {string} id client message id
   * @param {string} text
   * @param {string | null} [imageId] a picture uploaded to POST {base}/webchat/images (sent with SendImage)
   */
  send(id, text, imageId = null) {
    this.outbox.set(id, { text, imageId, generation: -1 });
    if (this.joined) void this.#dispatch(id);
    else this.start();
  }

  /**
   * Sends a recorded voice message: uploads it (POST /webchat/voice with the conversation's token), then SendVoice with
   * its id. Not queued for a later Join like text (the recording is not kept): the result says whether it went.
   * @param {string} id client message id
   * @param {Blob} audio
   */
  async sendVoice(id, audio) {
    const uploaded = await this.upload('webchat/voice', audio, 'voiceId', 'The voice message could not be uploaded.');
    if (uploaded.error) {
      this.handlers.onSendResult(id, { accepted: false, error: uploaded.error });
      return;
    }
    const voiceId = uploaded.id;
    let result;
    try {
      result = await this.connection.invoke('SendVoice', '', id, voiceId);
    } catch (error) {
      this.handlers.onSendResult(id, { accepted: false, error: errorMessage(error) });
      return;
    }
    const accepted = Boolean(result && result.accepted);
    const error = result && typeof result.error === 'string' && result.error ? result.error : null;
    this.handlers.onSendResult(id, { accepted, error: accepted ? null : error ?? 'The voice message was not accepted.' });
  }

  /**
   * Uploads a file beside the hub (POST {base}/{path}, the conversation's token as Bearer), joining first if need be
   * (up to 15 s): the new upload's id (the answer's `idField`), or the hub's reason (the problem's `detail`).
   * @returns {Promise<{ id?: string, error?: string }>}
   */
  async upload(path, body, idField, failure) {
    this.start();
    const deadline = Date.now() + 15_000;
    while (!this.joined && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    if (!this.joined) return { error: 'The chat is not connected. Please try again.' };
    try {
      const response = await fetch(new URL(`../${path}`, this.hubUrl), {
        method: 'POST',
        headers: { Authorization: `Bearer ${this.store.token}` },
        body,
      });
      const answer = await response.json().catch(() => null);
      if (response.ok && answer && typeof answer[idField] === 'string') return { id: answer[idField] };
      return { error: answer && typeof answer.detail === 'string' && answer.detail ? answer.detail : failure };
    } catch {
      return { error: `${failure} Please try again.` };
    }
  }

  /** A reply answering `id` arrived, so the message was accepted: never resend it. */
  settle(id) {
    this.outbox.delete(id);
  }

  #setStatus(status) {
    if (this.status === status) return;
    this.status = status;
    this.handlers.onStatus(status);
  }

  #sleep(ms) {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    }).finally(() => {
      this.wake = null;
    });
  }

  async #startLoop(attempt) {
    if (this.looping) return;
    this.looping = true;
    try {
      for (let n = attempt; ; n++) {
        if (n > 0) {
          this.#setStatus('offline');
          await this.#sleep(nextRetryDelay(n));
        }
        if (this.connection.state !== HubConnectionState.Disconnected) return;
        this.#setStatus(n === 0 ? 'connecting' : 'reconnecting');
        try {
          await this.connection.start();
        } catch {
          continue;
        }
        break;
      }
    } finally {
      this.looping = false;
    }
    await this.#join();
  }

  async #join() {
    const generation = ++this.generation;
    this.joined = false;
    const token = this.store.token;
    let result;
    try {
      result = await this.connection.invoke('Join', token, this.store.lastSeq);
    } catch {
      if (generation === this.generation && this.connection.state === HubConnectionState.Connected) {
        // The server refused the Join: drop the connection and let onclose retry with back-off.
        void this.connection.stop();
      }
      return;
    }
    if (generation !== this.generation || !result || typeof result.token !== 'string') return;

    // Every Join returns a fresh token (sliding expiry): the conversation id says whether the server resumed ours.
    // A store from before the id was kept has none: it learns it now, without a note.
    const conversationId = String(result.conversationId ?? '');
    const knownId = this.store.conversationId;
    const newConversation = token !== null && knownId !== null && conversationId !== knownId;
    const serverSeq = Number.isSafeInteger(result.lastSeq) ? result.lastSeq : 0;
    this.store.token = result.token;
    this.store.conversationId = conversationId;
    this.store.lastSeq = newConversation ? serverSeq : Math.max(this.store.lastSeq, serverSeq);

    this.joined = true;
    this.#setStatus('online');
    this.handlers.onJoined({ newConversation, conversationId });
    for (const [id, entry] of this.outbox) {
      if (entry.generation !== generation) void this.#dispatch(id);
    }
  }

  async #dispatch(id) {
    const entry = this.outbox.get(id);
    if (!entry) return;
    const generation = this.generation;
    entry.generation = generation;
    let result;
    try {
      result = entry.imageId
        ? await this.connection.invoke('SendImage', entry.text, id, entry.imageId)
        : await this.connection.invoke('Send', entry.text, id);
    } catch (error) {
      if (this.outbox.get(id) !== entry || entry.generation !== generation) return;
      if (!this.joined || this.generation !== generation || this.connection.state !== HubConnectionState.Connected) {
        // The connection dropped before the server answered: the next Join sends it again with the same id.
        entry.generation = -1;
        return;
      }
      this.outbox.delete(id);
      this.handlers.onSendResult(id, { accepted: false, error: errorMessage(error) });
      return;
    }
    if (this.outbox.get(id) === entry) this.outbox.delete(id);
    const accepted = Boolean(result && result.accepted);
    const error = result && typeof result.error === 'string' && result.error ? result.error : null;
    this.handlers.onSendResult(id, { accepted, error: accepted ? null : error ?? 'The message was not accepted.' });
  }

  #onReply(reply) {
    if (!reply || typeof reply.id !== 'string') return;
    const seq = Number.isSafeInteger(reply.seq) ? reply.seq : 0;
    if (seq > this.store.lastSeq) this.store.lastSeq = seq;
    // A normal reply proves the message was accepted; an error reply may be the rejection itself (Send answers too).
    if (typeof reply.inReplyTo === 'string' && !reply.error) this.settle(reply.inReplyTo);
    this.handlers.onReply(reply);
  }
}
