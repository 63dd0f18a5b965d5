// markdown.js against a minimal DOM (node --test; run by `npm test`): the structure the hub sends becomes elements
// from a fixed set, text only ever as text nodes, links only for http(s).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderBlocks } from '../src/markdown.js';

/** Just enough of the DOM for markdown.js: elements with attributes and children, text nodes, fragments. */
class FakeNode {
  constructor(doc, tag) {
    this.ownerDocument = doc;
    this.tagName = tag;
    this.attributes = {};
    this.childNodes = [];
    this.dataset = {};
  }
  setAttribute(name, value) { this.attributes[name] = String(value); }
  append(...nodes) { for (const n of nodes) this.childNodes.push(...(n.tagName === '#fragment' ? n.childNodes : [n])); }
  replaceChildren(...nodes) { this.childNodes = []; this.append(...nodes); }
  get textContent() { return this.childNodes.map((c) => c.textContent).join(''); }
  set href(v) { this.attributes.href = v; }
  set target(v) { this.attributes.target = v; }
  set rel(v) { this.attributes.rel = v; }
  set title(v) { this.attributes.title = v; }
}

const doc = {
  createElement: (tag) => new FakeNode(doc, tag),
  createTextNode: (text) => ({ textContent: text, text: true }),
  createDocumentFragment: () => new FakeNode(doc, '#fragment'),
};

function describe(node) {
  if (node.text) return JSON.stringify(node.textContent);
  const attributes = Object.entries({ ...node.attributes, ...Object.fromEntries(Object.entries(node.dataset).map(([k, v]) => [`data-${k}`, v])) })
    .filter(([name]) => name !== 'title')
    .map(([k, v]) => `${k}=${v}`);
  return `${node.tagName}${attributes.length ? `[${attributes.join(' ')}]` : ''}(${node.childNodes.map(describe).join(' ')})`;
}

function render(blocks) {
  const root = new FakeNode(doc, 'div');
  const ok = renderBlocks(root, blocks);
  return { ok, dom: root.childNodes.map(describe).join('\n') };
}

const text = (value) => ({ type: 'text', value });

test('renderBlocks_EveryConstruct_BecomesItsElement', () => {
  const { ok, dom } = render([
    { type: 'heading', level: 1, inlines: [text('Title')] },
    { type: 'paragraph', inlines: [{ type: 'strong', inlines: [text('b')] }, { type: 'em', inlines: [text('i')] }, { type: 'strike', inlines: [text('s')] }, { type: 'code', value: '<x>' }, { type: 'br' }] },
    { type: 'list', ordered: true, start: 3, items: [[{ type: 'paragraph', inlines: [text('three')] }]] },
    { type: 'list', ordered: false, start: 1, items: [[{ type: 'paragraph', inlines: [text('dot')] }]] },
    { type: 'code', language: 'js', code: 'a < b' },
    { type: 'quote', blocks: [{ type: 'rule' }] },
  ]);
  assert.equal(ok, true);
  assert.equal(dom, [
    'p[class=chathub-heading](strong("Title"))',
    'p(strong("b") em("i") s("s") code("<x>") br())',
    'ol[start=3](li(p("three")))',
    'ul(li(p("dot")))',
    'pre(code[data-language=js]("a < b"))',
    'blockquote(hr())',
  ].join('\n'));
});

test('renderBlocks_Links_HttpOnlyWithTheirAddressShown', () => {
  const { dom } = render([{ type: 'paragraph', inlines: [
    { type: 'link', href: 'https://evil.example/x', inlines: [text('https://bank.example')] },
    { type: 'link', href: 'javascript:alert(1)', inlines: [text('click')] },
    { type: 'link', href: 'https://example.org/', inlines: [text('https://example.org/')] },
  ] }]);
  assert.equal(dom, 'p('
    + 'a[href=https://evil.example/x target=_blank rel=noopener noreferrer]("https://bank.example") " (https://evil.example/x)" '
    + 'span("click") '
    + 'a[href=https://example.org/ target=_blank rel=noopener noreferrer]("https://example.org/"))');
});

test('renderBlocks_BadLanguageOrUnknownShapes_NotRendered', () => {
  assert.equal(render([{ type: 'code', language: '" onload="x', code: 'c' }]).dom, 'pre(code("c"))');
  assert.equal(render([{ type: 'script', inlines: [] }]).ok, false);
  assert.equal(render([{ type: 'paragraph', inlines: [{ type: 'html', value: '<b>' }] }]).ok, false);
  assert.equal(render(null).ok, false);
  assert.equal(render([]).ok, false);
  let deep = [text('x')];
  for (let i = 0; i < 50; i++) deep = [{ type: 'strong', inlines: deep }];
  assert.equal(render([{ type: 'paragraph', inlines: deep }]).ok, false);
});
