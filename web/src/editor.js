// editor.js — the CodeMirror 6 editor for timelines: highlighting, line numbers, parse errors as
// lint diagnostics at line:column, and each process's current statement highlighted.

import { EditorView, basicSetup } from "codemirror";
import { EditorState, Compartment } from "@codemirror/state";
import { ViewPlugin, keymap } from "@codemirror/view";
import { StreamLanguage, HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { setDiagnostics } from "@codemirror/lint";
import { tags } from "@lezer/highlight";
import { t } from "./i18n.js";
import { markLayer } from "./marks.js";

const calls = new Set([
  "socket", "socketpair", "bind", "listen", "accept", "accept4", "connect", "write", "send", "sendto",
  "read", "recv", "recvfrom", "shutdown", "close", "unlink", "getsockname", "getpeername", "setsockopt",
  "getsockopt", "fcntl", "dup", "dup2", "fill", "sleep",
]);

/** timelineLanguage tokenizes `proc: var = call(args) # comment`. */
export const timelineLanguage = StreamLanguage.define({
  name: "timeline",
  startState: () => ({ lineStart: true }),
  token(stream, state) {
    if (stream.sol()) state.lineStart = true;
    if (stream.eatSpace()) return null;
    if (stream.peek() === "#") { stream.skipToEnd(); return "comment"; }
    if (state.lineStart) {
      state.lineStart = false;
      if (stream.match(/^[A-Za-z_][A-Za-z0-9_]*(?=\s*:)/)) return "labelName";
    }
    if (stream.match(/^"(?:[^"\\]|\\.)*"?/)) return "string";
    if (stream.match(/^(?:0[xX][0-9a-fA-F]+|\d+)/)) return "number";
    const w = stream.match(/^[A-Za-z_][A-Za-z0-9_]*/);
    if (w) {
      const word = w[0];
      if (/^[A-Z][A-Z0-9_]+$/.test(word)) return "atom";
      if (calls.has(word)) return "keyword";
      return "variableName";
    }
    stream.next();
    return "punctuation";
  },
});

const highlight = HighlightStyle.define([
  { tag: tags.comment, class: "tok-comment" },
  { tag: tags.labelName, class: "tok-proc" },
  { tag: tags.string, class: "tok-string" },
  { tag: tags.number, class: "tok-number" },
  { tag: tags.atom, class: "tok-const" },
  { tag: tags.keyword, class: "tok-call" },
  { tag: tags.variableName, class: "tok-var" },
]);

/**
 * currentMarks turns {lines: {proc: line}, next: line} into the mark layer's marks: each process's
 * current statement (where it sleeps, or what it runs next) and the statement that runs next (0: none).
 */
function currentMarks(doc, lines, next, lang) {
  const byLine = new Map();
  for (const [proc, line] of Object.entries(lines || {})) {
    if (line >= 1 && line <= doc.lines) {
      if (!byLine.has(line)) byLine.set(line, []);
      byLine.get(line).push(proc);
    }
  }
  if (next >= 1 && next <= doc.lines && !byLine.has(next)) byLine.set(next, []);
  return [...byLine.keys()].sort((a, c) => a - c).map((line) => {
    const names = byLine.get(line).join(", ");
    const isNext = line === next;
    const arrow = isNext ? "▶" : "◀";
    const text = isNext ? `▶ ${t(lang, "ed.next")}${names ? " · " + names : ""}` : `◀ ${names}`;
    return { from: doc.line(line).from, names, next: isNext, text, short: names ? `${arrow} ${names}` : arrow, arrow };
  });
}

/**
 * tallEditor gives the editor the class "sl-tall" while its text is taller than its box (the CSS
 * then fixes its height at its max-height). An editor whose height follows its content is laid
 * out twice by the browser (the flex column measures the scroller's content, then lays it out
 * again) whenever a line changes: 2-3 ms for each step's "current statement" marks at 100 lines.
 * A fixed height makes that layout local. The check reads layout only in CodeMirror's own
 * measure cycle, where layout is clean.
 */
const tallEditor = ViewPlugin.fromClass(class {
  constructor(view) { this.tall = false; this.check(view); }
  update(u) { if (u.geometryChanged || u.heightChanged || u.docChanged) this.check(u.view); }
  check(view) {
    view.requestMeasure({
      key: this,
      read: (v) => v.scrollDOM.scrollHeight > v.scrollDOM.clientHeight + 1,
      write: (tall, v) => {
        if (tall === this.tall) return;
        this.tall = tall;
        v.dom.classList.toggle("sl-tall", tall);
      },
    });
  }
});

/**
 * createEditor mounts an editor in parent (for timelines, or for the language given). onChange(text)
 * is called after edits.
 * Returns {view, setText, text, showErrors, showCurrent, setReadOnly}.
 */
export function createEditor(parent, { doc = "", readOnly = false, onChange = () => {}, nonce = "", lang = "en", language = timelineLanguage } = {}) {
  const ro = new Compartment();
  let roNow = readOnly;
  const label = new Compartment();
  const extensions = [
    basicSetup,
    language, // timelines by default; the C mode passes C (cmode/clang.js)
    syntaxHighlighting(highlight),
    markLayer,
    ro.of([EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly)]),
    EditorView.updateListener.of((u) => { if (u.docChanged) onChange(u.state.doc.toString()); }),
    label.of(EditorView.contentAttributes.of({ "aria-label": t(lang, "pane.editor") })),
    // Long lines and trailing comments wrap (at spaces) instead of scrolling sideways.
    EditorView.lineWrapping,
    tallEditor,
    EditorView.editorAttributes.of((v) => (v.plugin(tallEditor) || {}).tall ? { class: "sl-tall" } : null),
    // Esc leaves the editor, so the step keys (→ Space ← Home End) work again.
    keymap.of([{ key: "Escape", run: (v) => { v.contentDOM.blur(); return true; } }]),
  ];
  if (nonce) extensions.push(EditorView.cspNonce.of(nonce));
  const view = new EditorView({ state: EditorState.create({ doc, extensions }), parent });
  // The lines last handed to showCurrent, with the document they were drawn on: unchanged marks are
  // not redrawn.
  let shown = { key: null, doc: null };
  return {
    view,
    text: () => view.state.doc.toString(),
    setText(t) { view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: t } }); },
    /**
     * swapDoc shows another document with its own undo history (several files in one editor): the
     * state an earlier swapDoc returned, or a fresh one holding text. onChange is not called. It
     * returns the state it replaced, to hand back when that document is shown again.
     */
    swapDoc(text, saved = null) {
      const old = view.state;
      view.setState(saved || EditorState.create({ doc: text, extensions }));
      view.dispatch({ effects: [
        label.reconfigure(EditorView.contentAttributes.of({ "aria-label": t(lang, "pane.editor") })),
        ro.reconfigure([EditorState.readOnly.of(roNow), EditorView.editable.of(!roNow)]),
      ] });
      shown = { key: null, doc: null };
      return old;
    },
    /** showErrors marks parse errors [{line, col, msg}] as lint diagnostics. */
    showErrors(errors) {
      const doc = view.state.doc;
      const diags = errors.map((e) => {
        const line = doc.line(Math.min(Math.max(e.line | 0, 1), doc.lines));
        let from = Math.min(line.from + Math.max((e.col | 0) - 1, 0), line.to);
        // An error at the end of a line ("found newline") marks the line's last character.
        if (from === line.to && line.length > 0) from = line.to - 1;
        const to = e.col ? Math.min(from + 1, line.to) : line.to;
        return { from, to, severity: "error", message: `${e.line}:${e.col}: ${e.msg}` };
      });
      view.dispatch(setDiagnostics(view.state, diags));
    },
    /** showCurrent marks each process's current statement and the one that runs next. */
    showCurrent(lines, next = 0) {
      const key = JSON.stringify([Object.entries(lines || {}).sort(), next, lang]);
      if (key === shown.key && view.state.doc === shown.doc) return;
      const layer = view.plugin(markLayer);
      if (layer) layer.set(currentMarks(view.state.doc, lines, next, lang));
      shown = { key, doc: view.state.doc };
    },
    setLang(l) {
      lang = l;
      view.dispatch({ effects: label.reconfigure(EditorView.contentAttributes.of({ "aria-label": t(lang, "pane.editor") })) });
    },
    setReadOnly(on) {
      roNow = on;
      view.dispatch({ effects: ro.reconfigure([EditorState.readOnly.of(on), EditorView.editable.of(!on)]) });
    },
  };
}
