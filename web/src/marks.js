// marks.js — each process's current statement and the statement that runs next, drawn over the
// editor instead of by CodeMirror.
//
// Why not CodeMirror decorations (what this replaced): a step that changed them went through a
// transaction, which re-renders the marked lines, reads the DOM selection (Chrome lays the page out
// to answer) and schedules CodeMirror's measure of every visible line for the next frame. At 100
// sockets that was ~1.5 ms in the step plus ~2 ms in its frame, a third of a step's whole cost.
// Here a step only moves a few absolutely positioned boxes: their rows come from CodeMirror's height
// map (lineBlockAt: no layout read), the editor's geometry is read once in CodeMirror's own measure
// cycle (when it changes), and nothing inside the editor's content changes.
//
// The label ("◀ server", "▶ next to run · client") sits after the line's text. The editor's font is
// monospaced, so the text's width is its columns times CodeMirror's measured character width (wide
// East Asian characters count two columns, tabs go to the next tab stop: an estimate that errs
// wide, never onto the text). Where the full label does not fit, a short one does ("▶ client"), or
// the arrow alone; a line that fills its row or wraps gets the arrow in the gutter beside its
// number. The old inline label wrapped onto a new row instead, which changed the line's height (and
// so CodeMirror's measure). The whole label is in the label's data-text.

import { ViewPlugin } from "@codemirror/view";

/** WIDE matches characters a monospaced font draws about two columns wide (CJK, Hangul, fullwidth
 * forms, emoji). */
const WIDE = /\p{Extended_Pictographic}|[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

/** columns is the width of text in monospaced columns. */
export function columns(text, tabSize = 4) {
  let n = 0;
  for (const ch of text) {
    if (ch === "\t") n += tabSize - (n % tabSize);
    else n += WIDE.test(ch) ? 2 : 1;
  }
  return n;
}

/** LABEL_GAP is the space (px) between a line's text and its label, as the old inline widget had. */
const LABEL_GAP = 10;

/** labelWidth estimates a label's width (px): its 11 px monospaced font is 0.6 em a column. */
function labelWidth(text) {
  return columns(text) * 6.6;
}

/** GUTTER_INSET is where an arrow that has no room after its line sits: the line-number gutter's left edge (px). */
const GUTTER_INSET = 2;

/**
 * markLayer owns the overlay: set(marks) draws [{from, names, next, text, short, arrow}] (from:
 * the line's start position; text, short and arrow: the label, longest first). Marks follow edits
 * (mapped through each change) until the next set. Rows come from the height map, so they are
 * redrawn when heights change (lines measured once scrolled into view); the content's offset and
 * width are read again only when the editor's geometry changes.
 */
export const markLayer = ViewPlugin.fromClass(class {
  constructor(view) {
    this.view = view;
    this.marks = [];
    this.geo = null; // the content box in the scroller, read in CodeMirror's measure cycle
    // Rows go behind the text (like a line background), labels in front of it and of the gutter
    // (an arrow with no room after its line sits beside the line number).
    this.rows = layer(view, "sl-marks");
    this.labels = layer(view, "sl-marks sl-mark-labels");
    this.measure();
  }

  update(u) {
    if (u.docChanged) this.marks = this.marks.map((m) => ({ ...m, from: u.state.doc.lineAt(u.changes.mapPos(m.from)).from }));
    if (u.geometryChanged) this.measure();
    else if (u.docChanged || u.heightChanged) this.draw();
  }

  /** measure reads the content's offset and width in CodeMirror's read phase (layout is clean). */
  measure() {
    this.view.requestMeasure({
      key: this,
      read: (v) => {
        const c = v.contentDOM;
        const line = c.querySelector(".cm-line");
        const pad = line ? parseFloat(getComputedStyle(line).paddingLeft) || 0 : 0;
        return { left: c.offsetLeft, top: c.offsetTop + v.documentPadding.top, width: c.clientWidth, pad };
      },
      write: (geo) => {
        this.geo = geo;
        this.draw();
      },
    });
  }

  set(marks) {
    this.marks = marks;
    this.draw();
  }

  /** draw places one row box and one label per mark, reusing the elements it drew last time. */
  draw() {
    const { view, geo } = this;
    if (!geo) return;
    const doc = view.state.doc;
    const cw = view.defaultCharacterWidth, lh = view.defaultLineHeight;
    const tab = view.state.tabSize;
    let i = 0;
    for (const m of this.marks) {
      if (m.from > doc.length) continue;
      const line = doc.lineAt(m.from);
      const block = view.lineBlockAt(line.from);
      const row = child(this.rows, i), label = child(this.labels, i);
      i++;
      const top = geo.top + block.top;
      setClass(row, "sl-mark" + (m.names ? " cm-current-stmt" : "") + (m.next ? " cm-next-stmt" : ""));
      row.dataset.line = String(line.number);
      setBox(row, top, geo.left, geo.width, block.height);
      // The longest label that fits after the text: the full one, the short one ("▶ client": the
      // row's colour says next or current), or the arrow alone. A line that fills its row (or wraps)
      // gets the arrow in the gutter, beside its number, as debuggers mark the current line.
      const end = geo.pad + columns(line.text, tab) * cw + LABEL_GAP;
      const oneRow = block.height < lh * 1.5;
      const text = oneRow ? [m.text, m.short, m.arrow].find((x) => end + labelWidth(x) <= geo.width) : undefined;
      setClass(label, "cm-proc-marker" + (m.next ? " cm-next-marker" : "") + (text ? "" : " sl-mark-gutter"));
      label.dataset.line = String(line.number);
      label.dataset.text = m.text;
      const shown = text || m.arrow;
      if (label.textContent !== shown) label.textContent = shown;
      if (text) setBox(label, top, geo.left + end, "", lh);
      else setBox(label, top, GUTTER_INSET, "", lh);
      const lhs = `${lh}px`;
      if (label.style.lineHeight !== lhs) label.style.lineHeight = lhs;
    }
    trim(this.rows, i);
    trim(this.labels, i);
  }

  destroy() {
    this.rows.remove();
    this.labels.remove();
  }
});

function layer(view, cls) {
  const el = document.createElement("div");
  el.className = cls;
  el.setAttribute("aria-hidden", "true");
  view.scrollDOM.appendChild(el);
  return el;
}

/** child returns parent's i-th child, made when missing. */
function child(parent, i) {
  return parent.children[i] || parent.appendChild(document.createElement("div"));
}

function trim(parent, n) {
  while (parent.children.length > n) parent.lastElementChild.remove();
}

function setClass(el, cls) {
  if (el.className !== cls) el.className = cls;
}

/**
 * setBox places el at (left, top) px, sized width x height (width "" leaves it to the content). It
 * moves boxes with a transform, not top/left: Chrome then moves what it painted instead of painting
 * the box again (a row moved by top/left each step cost ~1 ms of paint in the editor's scroller).
 */
function setBox(el, top, left, width, height) {
  const s = el.style;
  const t = `translate(${left}px, ${top}px)`;
  if (s.transform !== t) s.transform = t;
  const w = width === "" ? "" : `${width}px`;
  if (s.width !== w) s.width = w;
  const h = `${height}px`;
  if (s.height !== h) s.height = h;
}
