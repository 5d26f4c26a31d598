package server

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

// asset is one static file with its precompressed variants.
type asset struct {
	name  string // "gen/app.js"
	ctype string
	raw   []byte
	gz    []byte // nil: not worth compressing
	br    []byte // nil: no .br file was built
	hash  string // first 12 hex digits of sha256(raw)
}

// assets is the page's static files, loaded once when the handler is built.
type assets struct {
	byName map[string]*asset // "gen/app.js" -> asset
	pages  map[string]string // "index.html" -> template text
}

// contentTypes pins the types that matter (mime's table depends on the host's files).
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".mjs":  "text/javascript; charset=utf-8",
	".wasm": "application/wasm",
	".json": "application/json",
	".svg":  "image/svg+xml",
	".png":  "image/png",
	".ico":  "image/x-icon",
	".txt":  "text/plain; charset=utf-8",
	".tl":   "text/plain; charset=utf-8",
}

func contentType(name string) string {
	ext := path.Ext(name)
	if t, ok := contentTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// compressible says whether gzip is worth trying for a content type.
func compressible(ctype string) bool {
	return strings.HasPrefix(ctype, "text/") || ctype == "application/wasm" || ctype == "application/json" || ctype == "image/svg+xml"
}

// loadAssets reads every file of fsys. Files ending in .gz / .br are the precompressed copies of
// the file without that suffix (web/tools/precompress writes them at build time); a compressible
// file without a .gz copy is gzipped here, once.
func loadAssets(fsys fs.FS) (*assets, error) {
	a := &assets{byName: map[string]*asset{}, pages: map[string]string{}}
	var gzs, brs = map[string][]byte{}, map[string][]byte{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		switch {
		case strings.HasSuffix(p, ".gz"):
			gzs[strings.TrimSuffix(p, ".gz")] = b
		case strings.HasSuffix(p, ".br"):
			brs[strings.TrimSuffix(p, ".br")] = b
		case strings.HasSuffix(p, ".html"):
			a.pages[p] = string(b)
		default:
			sum := sha256.Sum256(b)
			a.byName[p] = &asset{name: p, ctype: contentType(p), raw: b, hash: hex.EncodeToString(sum[:6])}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for name, x := range a.byName {
		x.gz, x.br = gzs[name], brs[name]
		if x.gz == nil && compressible(x.ctype) && len(x.raw) > 512 {
			x.gz = gzipBytes(x.raw)
		}
	}
	return a, nil
}

func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

// url is the immutable, content-hashed URL of an asset: /assets/<hash>/<name>.
func (x *asset) url() string { return "/assets/" + x.hash + "/" + x.name }

// renderPage fills a page: every quoted reference "/<asset>" becomes the asset's hashed URL,
// and {{nonce}} the request's CSP nonce. The page's files use plain paths, so the same files work
// as static assets elsewhere (the Workers deployment) without this step.
func (a *assets) renderPage(name, nonce string) ([]byte, bool) {
	t, ok := a.pages[name]
	if !ok {
		return nil, false
	}
	pairs := []string{"{{nonce}}", nonce}
	for _, x := range a.byName {
		pairs = append(pairs, `"/`+x.name+`"`, `"`+x.url()+`"`)
	}
	return []byte(strings.NewReplacer(pairs...).Replace(t)), true
}

// acceptsEncoding reports whether an Accept-Encoding header admits enc (q=0 refuses it).
func acceptsEncoding(header, enc string) bool {
	for _, part := range strings.Split(header, ",") {
		f := strings.Split(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(f[0]), enc) {
			continue
		}
		for _, p := range f[1:] {
			p = strings.ReplaceAll(strings.TrimSpace(p), " ", "")
			if p == "q=0" || p == "q=0.0" || p == "q=0.00" || p == "q=0.000" {
				return false
			}
		}
		return true
	}
	return false
}

// serveAsset writes x, brotli or gzip compressed when the client accepts it.
func serveAsset(w http.ResponseWriter, r *http.Request, x *asset, cache string) {
	body, enc := x.raw, ""
	ae := r.Header.Get("Accept-Encoding")
	switch {
	case x.br != nil && acceptsEncoding(ae, "br"):
		body, enc = x.br, "br"
	case x.gz != nil && acceptsEncoding(ae, "gzip"):
		body, enc = x.gz, "gzip"
	}
	h := w.Header()
	h.Set("Content-Type", x.ctype)
	h.Set("Cache-Control", cache)
	// Static files are public and carry no credentials: other sites may load them, which the
	// <socklab-playground> module (/embed.js, a module script) and its engine fetch need.
	h.Set("Access-Control-Allow-Origin", "*")
	if x.gz != nil || x.br != nil {
		h.Add("Vary", "Accept-Encoding")
	}
	etag := `"` + x.hash
	if enc != "" {
		h.Set("Content-Encoding", enc)
		etag += "-" + enc
	}
	h.Set("ETag", etag+`"`)
	// ServeContent handles HEAD, If-None-Match and ranges; the content type is already set so it
	// does not sniff.
	http.ServeContent(w, r, "", zeroTime, bytes.NewReader(body))
}
