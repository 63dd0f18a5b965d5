// Tests of the DOM-free modules: node --test (run by `npm test`).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveConfig } from '../src/config.js';
import { newMessageId } from '../src/ids.js';
import { safeHref, tokenize, trimUrl } from '../src/linkify.js';
import { MAX_RETRY_DELAY_MS, nextRetryDelay } from '../src/retry.js';
import { ChatStore } from '../src/storage.js';
import { MAX_SPOKEN_BYTES, spokenOf } from '../src/spoken.js';
import { MAX_LINKS, MAX_SUGGESTIONS, linksOf, suggestionsOf } from '../src/suggestions.js';

test('nextRetryDelay_GrowsExponentially_CappedWithJitter', () => {
  assert.equal(nextRetryDelay(0, () => 0), 0);
  assert.equal(nextRetryDelay(1, () => 0), 1000);
  assert.equal(nextRetryDelay(4, () => 0), 8000);
  assert.equal(nextRetryDelay(50, () => 0), MAX_RETRY_DELAY_MS);
  assert.equal(nextRetryDelay(50, () => 0.999999), MAX_RETRY_DELAY_MS + 5000);
  assert.ok(nextRetryDelay(0, () => 0.999999) <= 500);
});

test('newMessageId_ReturnsDistinctV4Uuids', () => {
  const a = newMessageId();
  assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.notEqual(a, newMessageId());
});

const tokenizeCases = [
  ['plain text', [{ text: 'plain text' }]],
  ['see https://example.org/a.', [{ text: 'see ' }, { text: 'https://example.org/a', href: 'https://example.org/a' }, { text: '.' }]],
  ['(https://example.org/wiki/A_(b))', [{ text: '(' }, { text: 'https://example.org/wiki/A_(b)', href: 'https://example.org/wiki/A_(b)' }, { text: ')' }]],
  ['read [the docs](https://docs.example/x?y=1) now', [{ text: 'read ' }, { text: 'the docs', href: 'https://docs.example/x?y=1' }, { text: ' (https://docs.example/x?y=1) now' }]],
  ['[https://bank.example/login](https://evil.example/x)', [{ text: 'https://bank.example/login', href: 'https://evil.example/x' }, { text: ' (https://evil.example/x)' }]],
  ['[https://same.example/a](https://same.example/a)', [{ text: 'https://same.example/a', href: 'https://same.example/a' }]],
  ['[bad](javascript:alert(1)) javascript:alert(1)', [{ text: '[bad](javascript:alert(1)) javascript:alert(1)' }]],
  ['<img src=x onerror=alert(1)> http://a.example', [{ text: '<img src=x onerror=alert(1)> ' }, { text: 'http://a.example', href: 'http://a.example/' }]],
  ['line1\nhttps://x.example\nline3', [{ text: 'line1\n' }, { text: 'https://x.example', href: 'https://x.example/' }, { text: '\nline3' }]],
];
for (const [input, expected] of tokenizeCases) {
  test(`tokenize_${JSON.stringify(input)}`, () => assert.deepEqual(tokenize(input), expected));
}

test('safeHref_OnlyHttpAndHttps', () => {
  assert.equal(safeHref('https://a.example/x'), 'https://a.example/x');
  assert.equal(safeHref('javascript:alert(1)'), null);
  assert.equal(safeHref('data:text/html,hi'), null);
  assert.equal(trimUrl('https://a.example/x),'), 'https://a.example/x');
});

test('resolveConfig_DerivesHubFromScriptSrc', () => {
  const config = resolveConfig({
    script: { src: 'https://hub.example/chat/widget.js?v=1', getAttribute: () => null },
    container: null,
    location: new URL('https://shop.example/page'),
  });
  assert.equal(config.mode, 'floating');
  assert.equal(config.hubUrl, 'https://hub.example/chat/hubs/chat');
  assert.equal(config.origin, 'https://hub.example');
  assert.equal(config.sameOrigin, false);
  assert.equal(config.maxLength, 4000);
  assert.equal(config.transport, 'websockets');
});

test('resolveConfig_PageModeReadsContainerAttributes', () => {
  const attrs = { 'data-mode': 'page', 'data-max-length': '120', 'data-transport': 'negotiate' };
  const config = resolveConfig({
    script: { src: 'http://127.0.0.1:5099/widget.js', getAttribute: () => null },
    container: { getAttribute: (name) => attrs[name] ?? null },
    location: new URL('http://127.0.0.1:5099/'),
  });
  assert.equal(config.mode, 'page');
  assert.equal(config.hubUrl, 'http://127.0.0.1:5099/hubs/chat');
  assert.equal(config.maxLength, 120);
  assert.equal(config.transport, 'negotiate');
  assert.equal(config.sameOrigin, true);
});

test('ChatStore_NamespacesKeysByOriginAndCapsTranscript', () => {
  const map = new Map();
  const storage = { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => map.set(k, v), removeItem: (k) => map.delete(k) };
  const store = new ChatStore('https://hub.example', storage);
  assert.equal(store.token, null);
  assert.equal(store.lastSeq, 0);
  store.token = 'abc';
  store.lastSeq = 7;
  assert.equal(map.get('chathub:https://hub.example:token'), 'abc');
  assert.equal(new ChatStore('https://hub.example', storage).lastSeq, 7);
  assert.equal(new ChatStore('https://other.example', storage).token, null);
  store.saveTranscript(Array.from({ length: 250 }, (_, i) => ({ kind: 'note', id: String(i), text: 'x' })));
  const loaded = store.loadTranscript();
  assert.equal(loaded.length, 200);
  assert.equal(loaded[0].id, '50');
});

test('suggestionsOf_KeepsNonEmptyStringsUpToFive_NullWhenNone', () => {
  assert.deepEqual(suggestionsOf(['A?', '', '  ', 7, null, 'B?']), ['A?', 'B?']);
  assert.deepEqual(suggestionsOf(['1', '2', '3', '4', '5', '6']), ['1', '2', '3', '4', '5']);
  assert.equal(MAX_SUGGESTIONS, 5);
  assert.equal(suggestionsOf([]), null);
  assert.equal(suggestionsOf('A?'), null);
  assert.equal(suggestionsOf(undefined), null);
});

test('linksOf_KeepsHttpLinksWithLabels_ShowsTheirHost', () => {
  assert.equal(linksOf(undefined), null);
  assert.equal(linksOf([{ text: 'x', url: 'javascript:alert(1)' }, { text: ' ', url: 'https://a.example/' }, 'https://b.example/']), null);
  assert.deepEqual(
    linksOf([{ text: ' Docs ', url: 'https://docs.example/start?x=1' }, { text: 'Status', url: 'http://status.example:8080/' }, { text: 'evil', url: 'data:text/html,hi' }]),
    [{ text: 'Docs', url: 'https://docs.example/start?x=1', host: 'docs.example' }, { text: 'Status', url: 'http://status.example:8080/', host: 'status.example:8080' }]);
  const restored = linksOf([{ text: 'Docs', url: 'https://docs.example/start?x=1', host: 'docs.example' }]);
  assert.deepEqual(linksOf(restored), restored); // what the page stored is read back the same way
  const many = Array.from({ length: MAX_LINKS + 2 }, (_, i) => ({ text: `L${i}`, url: `https://l${i}.example/` }));
  assert.equal(linksOf(many).length, MAX_LINKS);
});

test('spokenOf_VoiceEvent_DecodesTheAudio', () => {
  const spoken = spokenOf({ replyId: 'r-1', mediaType: 'audio/ogg', audio: Buffer.from('OggS\u0000\u0002').toString('base64'), seconds: 1.5 });
  assert.equal(spoken.replyId, 'r-1');
  assert.equal(spoken.mediaType, 'audio/ogg');
  assert.deepEqual([...spoken.bytes], [0x4f, 0x67, 0x67, 0x53, 0, 2]);
});

test('spokenOf_BadVoiceEvent_Null', () => {
  const audio = Buffer.from('OggS').toString('base64');
  for (const value of [
    null, 'x', {}, { replyId: '', mediaType: 'audio/ogg', audio }, { replyId: 'r', mediaType: 'text/html', audio },
    { replyId: 'r', mediaType: 'audio/ogg', audio: '' }, { replyId: 'r', mediaType: 'audio/ogg', audio: '%%%not base64' },
    { replyId: 'r', mediaType: 'audio/ogg', audio: 'A'.repeat(Math.ceil(MAX_SPOKEN_BYTES / 3) * 4 + 4) },
  ]) {
    assert.equal(spokenOf(value), null, JSON.stringify(value)?.slice(0, 80));
  }
});
