// progress.js — the learner's progress through the course, kept in the browser.
//
// Stored under localStorage["socklab.lessons.v1"] as JSON (also the export/import format):
//
//   {
//     "format": "socklab-lessons-progress",
//     "version": 1,
//     "lang": "zh",                                  // the learner's language choice ("" = browser)
//     "lessons": {
//       "bind-path": {
//         "done": true,                              // every goal held at some point
//         "hints": 2,                                // hints revealed
//         "solution": false,                         // the solution was revealed
//         "predictions": {"0": true, "1": false},    // prediction index -> first answer right?
//         "text": "old: s = socket(...)\n..."        // the learner's last timeline (<= 64 KB)
//       }
//     }
//   }
//
// An import is validated field by field and only known keys of known lessons are kept, so a
// hand-edited or hostile file cannot plant other data (no "__proto__" keys: plain objects are
// built from scratch and lesson ids must match the course).

export const STORAGE_KEY = "socklab.lessons.v1";
const FORMAT = "socklab-lessons-progress";
const MAX_TEXT = 64 * 1024;
const MAX_IMPORT = 4 * 1024 * 1024;

export function emptyProgress() {
  return { format: FORMAT, version: 1, lang: "", lessons: {} };
}

/**
 * sanitize turns untrusted parsed JSON into a progress object, keeping only lessons whose id is in
 * knownIDs (a Set). It throws an Error with a readable message if the shape is wrong.
 */
export function sanitize(data, knownIDs) {
  if (!data || typeof data !== "object" || Array.isArray(data)) throw new Error("not a progress file");
  if (data.format !== FORMAT) throw new Error("not a socklab lessons progress file");
  if (data.version !== 1) throw new Error("unsupported progress version " + String(data.version));
  const out = emptyProgress();
  if (data.lang === "en" || data.lang === "zh") out.lang = data.lang;
  const ls = data.lessons;
  if (!ls || typeof ls !== "object" || Array.isArray(ls)) return out;
  for (const id of Object.keys(ls)) {
    if (!knownIDs.has(id)) continue;
    const src = ls[id];
    if (!src || typeof src !== "object") continue;
    const p = { done: src.done === true, hints: 0, solution: src.solution === true, predictions: {}, text: "" };
    if (Number.isInteger(src.hints) && src.hints >= 0 && src.hints <= 100) p.hints = src.hints;
    if (typeof src.text === "string" && src.text.length <= MAX_TEXT) p.text = src.text;
    const pr = src.predictions;
    if (pr && typeof pr === "object" && !Array.isArray(pr)) {
      for (const k of Object.keys(pr)) {
        if (/^\d{1,3}$/.test(k) && typeof pr[k] === "boolean") p.predictions[k] = pr[k];
      }
    }
    out.lessons[id] = p;
  }
  return out;
}

/** Progress wraps a storage (localStorage or any {getItem,setItem}) and the course's ids. */
export class Progress {
  constructor(storage, knownIDs) {
    this.storage = storage;
    this.known = knownIDs;
    this.data = emptyProgress();
    try {
      const raw = storage && storage.getItem(STORAGE_KEY);
      if (raw) this.data = sanitize(JSON.parse(raw), knownIDs);
    } catch {
      this.data = emptyProgress(); // corrupt storage: start over rather than break the page
    }
  }

  lesson(id) {
    if (!this.known.has(id)) return { done: false, hints: 0, solution: false, predictions: {}, text: "" };
    if (!Object.prototype.hasOwnProperty.call(this.data.lessons, id)) {
      this.data.lessons[id] = { done: false, hints: 0, solution: false, predictions: {}, text: "" };
    }
    return this.data.lessons[id];
  }

  update(id, fn) {
    if (!this.known.has(id)) return;
    fn(this.lesson(id));
    this.save();
  }

  setLang(lang) {
    this.data.lang = lang === "en" || lang === "zh" ? lang : "";
    this.save();
  }

  save() {
    try {
      this.storage && this.storage.setItem(STORAGE_KEY, JSON.stringify(this.data));
    } catch {
      // quota or privacy mode: progress lives for this page only
    }
  }

  doneCount() {
    return Object.values(this.data.lessons).filter((l) => l.done).length;
  }

  /** exportJSON is the text of the export file. */
  exportJSON() {
    return JSON.stringify(this.data, null, 2);
  }

  /** importJSON replaces the progress with a validated import; throws on a bad file. */
  importJSON(text) {
    if (typeof text !== "string" || text.length > MAX_IMPORT) throw new Error("file too large");
    let parsed;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new Error("not JSON");
    }
    this.data = sanitize(parsed, this.known);
    this.save();
  }
}
