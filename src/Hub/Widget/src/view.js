// The DOM of the chat: header with connection state, the message log, typing indicator and composer, plus the
// launcher button in floating mode. Message text only ever reaches the DOM through text nodes (linkify.js).
// Stable hooks for tests: #chathub-input, #chathub-send, #chathub-log, #chathub-typing, .chathub-msg--bot
// [data-final][data-source], .chathub-msg--user[data-state] (inside the open shadow root in floating mode).

import { renderText } from './linkify.js';
import { renderBlocks } from './markdown.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
const ICONS = {
  chat: 'M20 2H4a2 2 0 0 0-2 2v18l4-4h14a2 2 0 0 0 2-2V4a2 2 0 0 0-2-2ZM6 9h12v2H6V9Zm8 5H6v-2h8v2Zm4-6H6V6h12v2Z',
  close: 'M19 6.41 17.59 5 12 10.59 6.41 5 5 6.41 10.59 12 5 17.59 6.41 19 12 13.41 17.59 19 19 17.59 13.41 12 19 6.41Z',
  image: 'M21 19V5a2 2 0 0 0-2-2H5a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2ZM8.5 13.5l2.5 3 3.5-4.5 4.5 6H5l3.5-4.5Z',
  mic: 'M12 14a3 3 0 0 0 3-3V5a3 3 0 0 0-6 0v6a3 3 0 0 0 3 3Zm5.3-3a5.3 5.3 0 0 1-10.6 0H5a7 7 0 0 0 6 6.92V21h2v-3.08A7 7 0 0 0 19 11h-1.7Z',
  send: 'M3.4 20.4 20.85 12.92a1 1 0 0 0 0-1.84L3.4 3.6a.99.99 0 0 0-1.39.91L2 9.12c0 .5.37.93.87.99L17 12 2.87 13.88c-.5.07-.87.5-.87 1l.01 4.61c0 .71.73 1.2 1.39.91Z',
};

const SOURCE_LABELS = { cache: 'cached', knowledge: 'from FAQ', model: 'AI-generated', system: 'system' };
const STATUS_TEXT = {
  idle: 'Not connected',
  connecting: 'Connecting…',
  online: 'Online',
  reconnecting: 'Reconnecting…',
  offline: 'Offline, retrying…',
};

export class ChatView {
  /**
   * @param {{ doc: Document, root: ParentNode, config: ReturnType<typeof import('./config.js').resolveConfig>,
   *           onSend: (text: string) => void, onRetry: (id: string) => void, onOpenChange?: (open: boolean) => void,
   *           onSendImage?: (file: File, text: string) => void, onVoice?: () => void }} options
   */
  constructor({ doc, root, config, onSend, onRetry, onOpenChange, onSendImage, onVoice }) {
    this.onVoice = onVoice;
    this.doc = doc;
    this.config = config;
    this.onSend = onSend;
    this.onSendImage = onSendImage ?? null;
    this.onRetry = onRetry;
    this.onOpenChange = onOpenChange ?? (() => {});
    this.floating = config.mode === 'floating';
    this.messages = new Map();
    this.unread = 0;
    this.overLimit = false;
    this.#build(root);
  }

  #el(tag, attributes = {}, ...children) {
    const element = this.doc.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (value === false || value === null || value === undefined) continue;
      if (name === 'class') element.className = value;
      else if (name === 'text') element.textContent = value;
      else element.setAttribute(name, value === true ? '' : String(value));
    }
    element.append(...children);
    return element;
  }

  #icon(name) {
    const svg = this.doc.createElementNS(SVG_NS, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    svg.setAttribute('class', 'chathub-icon');
    const path = this.doc.createElementNS(SVG_NS, 'path');
    path.setAttribute('d', ICONS[name]);
    path.setAttribute('fill', 'currentColor');
    svg.append(path);
    return svg;
  }

  #build(root) {
    const { title } = this.config;
    this.root = this.#el('div', {
      class: `chathub-root chathub-root--${this.floating ? 'floating' : 'page'}`,
      'data-status': 'idle',
    });

    this.status = this.#el('span', { class: 'chathub-status', id: 'chathub-status', role: 'status' },
      this.#el('span', { class: 'chathub-status-dot', 'aria-hidden': 'true' }),
      this.#el('span', { class: 'chathub-status-text', text: STATUS_TEXT.idle }));

    const header = this.#el('div', { class: 'chathub-header' },
      this.#el('div', { class: 'chathub-heading' },
        this.#el(this.floating ? 'h2' : 'h1', { class: 'chathub-title', id: 'chathub-title', text: title }),
        this.status));

    if (this.floating) {
      this.closeButton = this.#el('button', { type: 'button', class: 'chathub-close', 'aria-label': 'Close chat' }, this.#icon('close'));
      this.closeButton.addEventListener('click', () => this.close());
      header.append(this.closeButton);
    }

    this.log = this.#el('div', {
      class: 'chathub-log',
      id: 'chathub-log',
      role: 'log',
      'aria-live': 'polite',
      'aria-relevant': 'additions',
      'aria-label': 'Conversation',
      tabindex: '0',
    });
    this.intro = this.#el('p', {
      class: 'chathub-note chathub-intro',
      text: 'Hi! Ask me anything. Type /help to see what I can do, or /reset to start over.',
    });
    this.log.append(this.intro);

    this.typing = this.#el('div', { class: 'chathub-typing', id: 'chathub-typing', role: 'status', hidden: true },
      this.#el('span', { class: 'chathub-dots', 'aria-hidden': 'true' }, this.#el('span'), this.#el('span'), this.#el('span')),
      this.#el('span', { text: `${title} is typing…` }));

    this.input = this.#el('textarea', {
      id: 'chathub-input',
      class: 'chathub-input',
      'aria-label': 'Message',
      'aria-describedby': 'chathub-hint chathub-counter',
      placeholder: 'Type a message…',
      rows: '1',
      autocomplete: 'off',
      enterkeyhint: 'send',
    });
    this.sendButton = this.#el('button', { id: 'chathub-send', class: 'chathub-send', type: 'submit', 'aria-label': 'Send' }, this.#icon('send'));
    // A picture: the file chooser's pick goes out at once, with the text typed so far as its caption.
    this.imageInput = this.#el('input', {
      id: 'chathub-image-input', class: 'chathub-visually-hidden', type: 'file', accept: 'image/jpeg,image/png,image/webp,image/gif', tabindex: '-1',
    });
    this.attachButton = this.#el('button', { id: 'chathub-attach', class: 'chathub-attach', type: 'button', 'aria-label': 'Send a picture' }, this.#icon('image'));
    this.attachButton.addEventListener('click', () => this.imageInput.click());
    this.imageInput.addEventListener('change', () => this.#submitImage());
    // The microphone (#chathub-mic): only where the browser can record; one click starts, the next sends.
    const canRecord = typeof globalThis.MediaRecorder === 'function' && Boolean(globalThis.navigator?.mediaDevices?.getUserMedia);
    this.micButton = this.#el('button', {
      id: 'chathub-mic', class: 'chathub-mic', type: 'button', 'aria-label': 'Record a voice message', 'aria-pressed': 'false',
      hidden: !canRecord || !this.onVoice,
    }, this.#icon('mic'));
    this.micButton.addEventListener('click', () => this.onVoice?.());
    this.counter = this.#el('span', { id: 'chathub-counter', class: 'chathub-counter', 'aria-hidden': 'true' });
    this.srStatus = this.#el('span', { class: 'chathub-visually-hidden', role: 'status' });
    const hint = this.#el('span', { id: 'chathub-hint', class: 'chathub-hint', text: 'Enter to send · Shift+Enter for a new line' });

    this.form = this.#el('form', { class: 'chathub-composer', 'aria-label': 'Send a message' },
      this.#el('div', { class: 'chathub-input-row' }, this.attachButton, this.imageInput, this.input, this.micButton, this.sendButton),
      this.#el('div', { class: 'chathub-composer-meta' }, hint, this.counter, this.srStatus));
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#submit();
    });
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
        event.preventDefault();
        this.#submit();
      }
    });
    this.input.addEventListener('input', () => this.#onInput());

    this.panel = this.#el('section', {
      class: 'chathub-panel',
      id: 'chathub-panel',
      'aria-labelledby': 'chathub-title',
    }, header, this.log, this.typing, this.form);

    if (this.floating) {
      this.panel.setAttribute('role', 'dialog');
      this.panel.hidden = true;
      this.badge = this.#el('span', { class: 'chathub-badge', hidden: true, 'aria-hidden': 'true' });
      this.launcher = this.#el('button', {
        type: 'button',
        class: 'chathub-launcher',
        'aria-label': `Open chat with ${title}`,
        'aria-expanded': 'false',
        'aria-controls': 'chathub-panel',
      }, this.#icon('chat'), this.#icon('close'), this.badge);
      this.launcher.addEventListener('click', () => (this.isOpen ? this.close() : this.open()));
      this.panel.addEventListener('keydown', (event) => {
        if (event.key === 'Escape' && !event.defaultPrevented) {
          event.preventDefault();
          this.close();
        }
      });
      this.root.append(this.panel, this.launcher);
    } else {
      this.root.append(this.panel);
    }
    this.counter.hidden = true;
    root.append(this.root);
    this.#onInput();
  }

  get isOpen() {
    return !this.floating || !this.panel.hidden;
  }

  open({ focus = true } = {}) {
    if (!this.floating || this.isOpen) return;
    this.panel.hidden = false;
    this.root.classList.add('chathub-root--open');
    this.launcher.setAttribute('aria-expanded', 'true');
    this.launcher.setAttribute('aria-label', `Close chat with ${this.config.title}`);
    this.unread = 0;
    this.#renderBadge();
    this.#autosize();
    this.scrollToEnd();
    if (focus) this.input.focus();
    this.onOpenChange(true);
  }

  close() {
    if (!this.floating || !this.isOpen) return;
    const hadFocus = this.panel.contains(this.root.getRootNode().activeElement);
    this.panel.hidden = true;
    this.root.classList.remove('chathub-root--open');
    this.launcher.setAttribute('aria-expanded', 'false');
    this.launcher.setAttribute('aria-label', `Open chat with ${this.config.title}`);
    if (hadFocus) this.launcher.focus();
    this.onOpenChange(false);
  }

  focusInput() {
    this.input.focus();
  }

  /** Shows whether a voice message is being recorded, and how many bytes so far (data-recorded). */
  setRecording(recording, bytes = 0) {
    this.micButton.setAttribute('aria-pressed', recording ? 'true' : 'false');
    this.micButton.setAttribute('aria-label', recording ? 'Stop and send the voice message' : 'Record a voice message');
    this.micButton.classList.toggle('chathub-mic--recording', recording);
    this.micButton.dataset.recorded = String(bytes);
    this.srStatus.textContent = recording && bytes === 0 ? 'Recording… click the microphone again to send.' : '';
  }

  #submit() {
    const text = this.input.value.trim();
    if (!text) {
      this.input.focus();
      return;
    }
    if (text.length > this.config.maxLength) {
      this.srStatus.textContent = `Your message is too long: ${text.length} of ${this.config.maxLength} characters.`;
      return;
    }
    this.input.value = '';
    this.#onInput();
    this.onSend(text);
  }

  #submitImage() {
    const file = this.imageInput.files?.[0];
    this.imageInput.value = '';
    if (!file || !this.onSendImage) return;
    const text = this.input.value.trim();
    if (text.length > this.config.maxLength) {
      this.srStatus.textContent = `Your caption is too long: ${text.length} of ${this.config.maxLength} characters.`;
      return;
    }
    this.input.value = '';
    this.#onInput();
    this.onSendImage(file, text);
  }

  #onInput() {
    const { maxLength } = this.config;
    const length = this.input.value.length;
    const over = length > maxLength;
    this.counter.hidden = length < Math.floor(maxLength * 0.8);
    this.counter.textContent = `${length.toLocaleString()} / ${maxLength.toLocaleString()}`;
    this.counter.classList.toggle('chathub-counter--over', over);
    if (over !== this.overLimit) {
      this.overLimit = over;
      this.srStatus.textContent = over
        ? `Message too long: at most ${maxLength.toLocaleString()} characters.`
        : '';
    }
    this.input.setAttribute('aria-invalid', over ? 'true' : 'false');
    this.sendButton.disabled = over || this.input.value.trim() === '';
    this.#autosize();
  }

  /** Grows the textarea with its text, up to the CSS max-height (then it scrolls). */
  #autosize() {
    const input = this.input;
    input.style.height = 'auto';
    if (input.scrollHeight === 0) return; // not rendered (closed panel): CSS min-height applies
    input.style.height = `${input.scrollHeight + input.offsetHeight - input.clientHeight}px`;
  }

  setStatus(status) {
    this.root.dataset.status = status;
    this.status.lastChild.textContent = STATUS_TEXT[status] ?? status;
  }

  setConversation(conversationId) {
    if (conversationId) this.root.dataset.conversationId = conversationId;
  }

  setTyping(active) {
    const wasNearEnd = this.#nearEnd();
    this.typing.hidden = !active;
    if (active && wasNearEnd) this.scrollToEnd();
  }

  #nearEnd() {
    return this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < 64;
  }

  scrollToEnd() {
    this.log.scrollTop = this.log.scrollHeight;
  }

  #append(element, { force = false } = {}) {
    const nearEnd = this.#nearEnd();
    this.intro.remove();
    this.log.append(element);
    while (this.log.childElementCount > 300) this.log.firstElementChild.remove();
    if (force || nearEnd) this.scrollToEnd();
  }

  /** @param {{ before?: string }} [options] the id of a message to insert the note before */
  addNote(text, { before } = {}) {
    const note = this.#el('p', { class: 'chathub-note', text });
    const anchor = before ? this.messages.get(before) : null;
    if (anchor && anchor.parentNode === this.log) this.log.insertBefore(note, anchor);
    else this.#append(note);
  }

  /** @param {{ id: string, text: string, state: string, error?: string | null }} entry */
  addUser(entry, { scroll = true } = {}) {
    const bubble = this.#el('div', { class: 'chathub-bubble' });
    if (entry.image) {
      bubble.append(this.#el('span', { class: 'chathub-picture', text: '🖼 Picture' }));
      if (entry.text) {
        const caption = this.#el('span');
        renderText(caption, entry.text, { links: false });
        bubble.append(this.doc.createElement('br'), caption);
      }
    } else {
      renderText(bubble, entry.text, { links: false });
    }
    const meta = this.#el('div', { class: 'chathub-meta' });
    const element = this.#el('div', { class: 'chathub-msg chathub-msg--user', 'data-id': entry.id },
      this.#el('span', { class: 'chathub-visually-hidden', text: 'You: ' }), bubble, meta);
    this.messages.set(entry.id, element);
    this.updateUser(entry);
    this.#append(element, { force: scroll });
  }

  renameUser(oldId, newId) {
    const element = this.messages.get(oldId);
    if (!element) return;
    this.messages.delete(oldId);
    this.messages.set(newId, element);
    element.dataset.id = newId;
  }

  /** @param {{ announce?: boolean }} [options] announce a failure to screen readers (not when restoring) */
  updateUser(entry, { announce = false } = {}) {
    const element = this.messages.get(entry.id);
    if (!element) return;
    const nearEnd = this.#nearEnd();
    element.dataset.state = entry.state;
    const meta = element.querySelector('.chathub-meta');
    meta.replaceChildren();
    if (entry.state === 'pending') {
      // CSS shows one of the two, following the connection state on the root.
      meta.append(
        this.#el('span', { class: 'chathub-state chathub-state--sending', text: 'Sending…' }),
        this.#el('span', { class: 'chathub-state chathub-state--queued', text: 'Waiting for connection…' }));
    } else if (entry.state === 'delivered') {
      meta.append(this.#el('span', { class: 'chathub-state', title: 'Delivered' },
        this.#el('span', { 'aria-hidden': 'true', text: '✓' }),
        this.#el('span', { class: 'chathub-visually-hidden', text: 'Delivered' })));
    } else {
      const reason = `Not sent: ${entry.error || 'unknown error'}`;
      meta.append(this.#el('span', { class: 'chathub-state chathub-state--failed', text: reason }));
      // A recording is not kept, nor is a picture that never reached the hub: they are recorded or picked again, not
      // retried.
      if (!entry.voice && (!entry.image || entry.imageId)) {
        const retry = this.#el('button', { type: 'button', class: 'chathub-retry', text: 'Retry' });
        retry.addEventListener('click', () => this.onRetry(element.dataset.id));
        meta.append(retry);
      }
      if (announce) this.srStatus.textContent = `Your message was ${reason.charAt(0).toLowerCase()}${reason.slice(1)}`;
    }
    if (nearEnd) this.scrollToEnd();
  }

  /**
   * Adds or updates the bubble of a bot reply (partial replies update it in place).
   * @param {{ id: string, text: string, final: boolean, source: string, error: boolean }} reply
   * @param {{ notify?: boolean }} [options]
   */
  upsertBot(reply, { notify = true } = {}) {
    let element = this.messages.get(reply.id);
    const isNew = !element;
    if (isNew) {
      element = this.#el('div', { class: 'chathub-msg chathub-msg--bot', 'data-id': reply.id },
        this.#el('span', { class: 'chathub-visually-hidden', text: `${this.config.title}: ` }),
        this.#el('div', { class: 'chathub-bubble' }),
        this.#el('div', { class: 'chathub-meta' }));
      this.messages.set(reply.id, element);
    }
    const source = typeof reply.source === 'string' ? reply.source : 'system';
    element.dataset.final = reply.final ? 'true' : 'false';
    element.dataset.source = source;
    element.classList.toggle('chathub-msg--error', Boolean(reply.error));
    element.classList.toggle('chathub-msg--system', source === 'system');
    const bubble = element.querySelector('.chathub-bubble');
    bubble.setAttribute('aria-busy', reply.final ? 'false' : 'true');
    const nearEnd = this.#nearEnd();
    const formatted = renderBlocks(bubble, reply.blocks);
    if (!formatted) renderText(bubble, reply.text ?? '');
    bubble.classList.toggle('chathub-formatted', formatted);
    const meta = element.querySelector('.chathub-meta');
    const label = SOURCE_LABELS[source];
    meta.replaceChildren();
    if (reply.final && label && source !== 'system') {
      meta.append(this.#el('span', { class: 'chathub-source', text: label }));
    }
    this.#renderLinks(element, reply);
    this.#renderSuggestions(element, reply);
    if (isNew) this.#append(element);
    else if (nearEnd) this.scrollToEnd();

    if (notify && reply.final && this.floating && !this.isOpen) {
      this.unread += 1;
      this.#renderBadge();
    }
  }

  /**
   * A spoken reply: an audio player under the answer's text (replacing an earlier one), played at once when asked and
   * the browser allows it; otherwise the person presses play. Nothing when the answer is not shown here.
   */
  attachAudio(replyId, blob, { autoplay = false } = {}) {
    const element = this.messages.get(replyId);
    if (!element) return;
    const old = element.querySelector('.chathub-voice');
    if (old) {
      URL.revokeObjectURL(old.src);
      old.remove();
    }
    const audio = this.#el('audio', { class: 'chathub-voice', controls: true, preload: 'auto', 'aria-label': 'Spoken reply' });
    audio.src = URL.createObjectURL(blob);
    element.querySelector('.chathub-bubble').after(audio);
    if (autoplay) audio.play().catch(() => {}); // no autoplay without a gesture first: the controls stay
  }

  /** Removes every answer's chips (the person sent a message: the choice is made). */
  clearSuggestions() {
    for (const list of this.log.querySelectorAll('.chathub-suggestions')) list.remove();
  }

  /**
   * Suggested replies as chips under a final answer; a chip sends its text as the person's message (and the chips of
   * that answer go away: they were a choice, made).
   */
  #renderSuggestions(element, reply) {
    element.querySelector('.chathub-suggestions')?.remove();
    if (!reply.final || !Array.isArray(reply.suggestions) || reply.suggestions.length === 0) return;
    const list = this.#el('div', { class: 'chathub-suggestions', role: 'group', 'aria-label': 'Suggested replies' });
    for (const text of reply.suggestions) {
      const chip = this.#el('button', { type: 'button', class: 'chathub-suggestion', text });
      chip.addEventListener('click', () => {
        list.remove();
        this.onSend(text);
      });
      list.append(chip);
    }
    element.append(list);
  }

  /**
   * Link buttons under a final answer: links that open in a new tab and show where they go (the label, then the host),
   * kept with the answer (unlike suggestions, they are not a choice).
   */
  #renderLinks(element, reply) {
    element.querySelector('.chathub-links')?.remove();
    if (!reply.final || !Array.isArray(reply.links) || reply.links.length === 0) return;
    const list = this.#el('div', { class: 'chathub-links', role: 'group', 'aria-label': 'Links' });
    for (const link of reply.links) {
      const anchor = this.#el('a', { class: 'chathub-link', text: link.text });
      anchor.href = link.url;
      anchor.target = '_blank';
      anchor.rel = 'noopener noreferrer';
      anchor.title = link.url;
      anchor.append(this.#el('span', { class: 'chathub-link-host', text: ` (${link.host})` }));
      list.append(anchor);
    }
    element.append(list);
  }

  #renderBadge() {
    if (!this.badge) return;
    this.badge.hidden = this.unread === 0;
    this.badge.textContent = this.unread > 9 ? '9+' : String(this.unread);
    this.launcher.setAttribute('aria-label', this.unread > 0
      ? `Open chat with ${this.config.title}, ${this.unread} new ${this.unread === 1 ? 'message' : 'messages'}`
      : `${this.isOpen ? 'Close' : 'Open'} chat with ${this.config.title}`);
  }
}
