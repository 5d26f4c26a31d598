// fakedom_test_helper.mjs — the smallest DOM lesson.js and markdown.js need, for `node --test`
// without a browser or npm packages. Any use of innerHTML/outerHTML/insertAdjacentHTML throws, so
// the tests also prove that lesson text never reaches an HTML parser.

class FakeNode {
  constructor(doc) {
    this.ownerDocument = doc;
    this.childNodes = [];
    this.parentNode = null;
  }
  appendChild(n) {
    if (n.parentNode) n.parentNode.removeChild(n);
    this.childNodes.push(n);
    n.parentNode = this;
    return n;
  }
  removeChild(n) {
    const i = this.childNodes.indexOf(n);
    if (i >= 0) this.childNodes.splice(i, 1);
    n.parentNode = null;
    return n;
  }
  append(...ns) {
    for (const n of ns) this.appendChild(typeof n === "string" ? this.ownerDocument.createTextNode(n) : n);
  }
  replaceChildren(...ns) {
    for (const c of this.childNodes) c.parentNode = null;
    this.childNodes = [];
    this.append(...ns);
  }
  remove() {
    if (this.parentNode) this.parentNode.removeChild(this);
  }
  get textContent() {
    return this.childNodes.map((c) => c.textContent).join("");
  }
  set textContent(s) {
    this.replaceChildren();
    if (s !== "") this.appendChild(this.ownerDocument.createTextNode(String(s)));
  }
}

class FakeText extends FakeNode {
  constructor(doc, s) {
    super(doc);
    this.data = s;
    this.nodeType = 3;
  }
  get textContent() {
    return this.data;
  }
  set textContent(s) {
    this.data = String(s);
  }
}

class FakeElement extends FakeNode {
  constructor(doc, tag) {
    super(doc);
    this.tagName = tag.toUpperCase();
    this.nodeType = 1;
    this.attrs = new Map();
    this.listeners = new Map();
    this.className = "";
    this.value = "";
    this.files = null;
  }
  setAttribute(k, v) {
    this.attrs.set(k, String(v));
  }
  getAttribute(k) {
    return this.attrs.has(k) ? this.attrs.get(k) : null;
  }
  hasAttribute(k) {
    return this.attrs.has(k);
  }
  addEventListener(type, fn) {
    if (!this.listeners.has(type)) this.listeners.set(type, []);
    this.listeners.get(type).push(fn);
  }
  dispatch(type, ev = {}) {
    const e = { type, target: this, preventDefault() {}, ...ev };
    for (const fn of this.listeners.get(type) || []) fn(e);
  }
  click() {
    if (!this.hasAttribute("disabled")) this.dispatch("click");
  }
  get classList() {
    const el = this;
    return { contains: (c) => el.className.split(/\s+/).includes(c) };
  }
  set innerHTML(_) {
    throw new Error("innerHTML assigned");
  }
  get innerHTML() {
    throw new Error("innerHTML read");
  }
  set outerHTML(_) {
    throw new Error("outerHTML assigned");
  }
  insertAdjacentHTML() {
    throw new Error("insertAdjacentHTML used");
  }
  /** all descendants (elements) matching pred, in document order */
  findAll(pred) {
    const out = [];
    const walk = (n) => {
      for (const c of n.childNodes) {
        if (c.nodeType === 1) {
          if (pred(c)) out.push(c);
          walk(c);
        }
      }
    };
    walk(this);
    return out;
  }
  /** elements with class c */
  byClass(c) {
    return this.findAll((e) => e.classList.contains(c));
  }
  byTag(t) {
    return this.findAll((e) => e.tagName === t.toUpperCase());
  }
}

export class FakeDocument {
  constructor() {
    this.body = new FakeElement(this, "body");
  }
  createElement(tag) {
    return new FakeElement(this, tag);
  }
  createTextNode(s) {
    return new FakeText(this, String(s));
  }
}

/** MemoryStorage is a localStorage stand-in. */
export class MemoryStorage {
  constructor() {
    this.m = new Map();
  }
  getItem(k) {
    return this.m.has(k) ? this.m.get(k) : null;
  }
  setItem(k, v) {
    this.m.set(k, String(v));
  }
}
