// share.js — the timeline and step in a URL: base64url of the UTF-8 text, no padding.
//
//   /?tl=<base64url>&step=N              the playground at step N
//   /embed?tl=<base64url>&step=N[&theme=light|dark|auto][&ro=1]
//
// decodeShare never throws: a malformed link comes back as {error: "..."} so the page can say so.

export function encodeB64url(text) {
  const bytes = new TextEncoder().encode(text);
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function decodeB64url(s) {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) throw new Error("the tl parameter is not base64url (only A-Z a-z 0-9 - _ are allowed)");
  if (s.length % 4 === 1) throw new Error("the tl parameter has an impossible length (truncated link?)");
  const b64 = s.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((s.length + 3) % 4);
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new Error("the tl parameter does not decode to UTF-8 text");
  }
}

/** shareURL builds the link for a timeline at a step, relative to base (a URL string). */
export function shareURL(base, path, text, step) {
  const u = new URL(path, base);
  u.search = "";
  u.hash = "";
  u.searchParams.set("tl", encodeB64url(text));
  u.searchParams.set("step", String(step | 0));
  return u.toString();
}

/**
 * decodeShare reads tl, step, theme and ro from a query string.
 * Returns {text|null, step, theme, readOnly, error}.
 */
export function decodeShare(search) {
  const q = new URLSearchParams(search);
  const out = { text: null, step: 0, theme: "auto", readOnly: q.get("ro") === "1", error: "" };
  const th = q.get("theme");
  if (th !== null) {
    if (["light", "dark", "auto"].includes(th)) out.theme = th;
    else out.error = `unknown theme "${th}" (use light, dark or auto)`;
  }
  if (q.has("step")) {
    const s = q.get("step");
    if (!/^\d{1,9}$/.test(s)) out.error = `step must be a whole number, got "${s.slice(0, 40)}"`;
    else out.step = parseInt(s, 10);
  }
  if (q.has("tl")) {
    try {
      out.text = decodeB64url(q.get("tl"));
    } catch (e) {
      out.error = e.message;
    }
  }
  return out;
}
