// markdown.js — the lesson text renderer: a tiny Markdown subset turned into DOM nodes.
//
// Lesson files (lessons/course/*.md) are data; their text must never be able to run code in the
// page. So nothing here uses innerHTML, outerHTML, insertAdjacentHTML or document.write: every
// piece of text becomes a Text node (createTextNode / textContent), and the only attribute taken
// from lesson text is a link's href, which must parse as an absolute http: or https: URL.
//
// The subset (what lessons/README.md promises lesson authors):
//
//   paragraphs      separated by blank lines; single newlines inside a paragraph are spaces
//   lists           consecutive lines starting with "- " (or "* ") form one <ul>
//   `code`          inline code (no formatting inside)
//   **bold**        bold (may contain `code` and links)
//   *emphasis*      emphasis (the same; "a * b" with spaces around the star stays literal)
//   [text](url)     a link if url is http(s); otherwise the text is shown as plain text
//
// Anything else — raw HTML, images, headings, tables — is shown literally as text.

/** safeURL returns the URL string if it is an absolute http(s) URL, else null. */
export function safeURL(raw) {
  if (typeof raw !== "string" || raw.length > 2048) return null;
  let u;
  try {
    u = new URL(raw);
  } catch {
    return null;
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") return null;
  return u.href;
}

/**
 * parseInline splits one paragraph's text into tokens:
 *   {t:"text", s} | {t:"code", s} | {t:"bold", kids:[...]} | {t:"em", kids:[...]} | {t:"link", href, kids:[...]}
 * Pure data (no DOM), so it is easy to test.
 */
export function parseInline(s, depth = 0) {
  const out = [];
  let buf = "";
  const flush = () => {
    if (buf) out.push({ t: "text", s: buf });
    buf = "";
  };
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === "`") {
      const j = s.indexOf("`", i + 1);
      if (j > i) {
        flush();
        out.push({ t: "code", s: s.slice(i + 1, j) });
        i = j + 1;
        continue;
      }
    } else if (c === "*" && s[i + 1] === "*" && depth < 2) {
      const j = s.indexOf("**", i + 2);
      if (j > i + 2) {
        flush();
        out.push({ t: "bold", kids: parseInline(s.slice(i + 2, j), depth + 1) });
        i = j + 2;
        continue;
      }
    } else if (c === "*" && depth < 2 && s[i + 1] && s[i + 1] !== " " && s[i + 1] !== "*") {
      let j = s.indexOf("*", i + 1);
      while (j > 0 && s[j + 1] === "*") j = s.indexOf("*", j + 2); // skip a **bold** inside
      if (j > i + 1 && s[j - 1] !== " ") {
        flush();
        out.push({ t: "em", kids: parseInline(s.slice(i + 1, j), depth + 1) });
        i = j + 1;
        continue;
      }
    } else if (c === "[" && depth < 2) {
      const m = matchLink(s, i);
      if (m) {
        flush();
        const href = safeURL(m.url);
        const kids = parseInline(m.text, depth + 1);
        out.push(href ? { t: "link", href, kids } : { t: "text", s: s.slice(i, m.end) });
        i = m.end;
        continue;
      }
    }
    buf += c;
    i++;
  }
  flush();
  return out;
}

// matchLink matches "[text](url)" at s[i] (text without "]", url without spaces or ")").
function matchLink(s, i) {
  const close = s.indexOf("]", i + 1);
  if (close < 0 || s[close + 1] !== "(") return null;
  const end = s.indexOf(")", close + 2);
  if (end < 0) return null;
  const url = s.slice(close + 2, end);
  if (/\s/.test(url)) return null;
  return { text: s.slice(i + 1, close), url, end: end + 1 };
}

/** parseBlocks splits Markdown text into {t:"p", text} and {t:"ul", items:[text]} blocks. */
export function parseBlocks(md) {
  const blocks = [];
  let para = null;
  let list = null;
  for (const raw of String(md ?? "").replace(/\r\n?/g, "\n").split("\n")) {
    const line = raw.trim();
    const item = /^[-*] (.*)$/.exec(line);
    if (!line) {
      para = list = null;
    } else if (item) {
      para = null;
      if (!list) blocks.push((list = { t: "ul", items: [] }));
      list.items.push(item[1]);
    } else if (list && raw.startsWith("  ")) {
      list.items[list.items.length - 1] += " " + line; // a wrapped list item
    } else {
      list = null;
      if (!para) blocks.push((para = { t: "p", text: line }));
      else para.text += " " + line;
    }
  }
  return blocks;
}

/** renderInline appends inline tokens to parent as DOM nodes. */
export function renderInline(doc, parent, tokens) {
  for (const tok of tokens) {
    if (tok.t === "text") {
      parent.appendChild(doc.createTextNode(tok.s));
    } else if (tok.t === "code") {
      const el = doc.createElement("code");
      el.textContent = tok.s;
      parent.appendChild(el);
    } else if (tok.t === "bold" || tok.t === "em") {
      const el = doc.createElement(tok.t === "bold" ? "strong" : "em");
      renderInline(doc, el, tok.kids);
      parent.appendChild(el);
    } else if (tok.t === "link") {
      const a = doc.createElement("a");
      a.setAttribute("href", tok.href);
      a.setAttribute("target", "_blank");
      a.setAttribute("rel", "noopener noreferrer");
      renderInline(doc, a, tok.kids);
      parent.appendChild(a);
    }
  }
}

/** renderMarkdown returns a DocumentFragment-like <div> holding md rendered safely. */
export function renderMarkdown(doc, md, className = "lesson-md") {
  const root = doc.createElement("div");
  root.className = className;
  for (const b of parseBlocks(md)) {
    if (b.t === "p") {
      const p = doc.createElement("p");
      renderInline(doc, p, parseInline(b.text));
      root.appendChild(p);
    } else {
      const ul = doc.createElement("ul");
      for (const it of b.items) {
        const li = doc.createElement("li");
        renderInline(doc, li, parseInline(it));
        ul.appendChild(li);
      }
      root.appendChild(ul);
    }
  }
  return root;
}
