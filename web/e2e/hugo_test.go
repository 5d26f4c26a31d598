package e2e

import (
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"socklab/web"
)

// The Chinese post of the Hugo test: README's shortcode snippet, and a second playground.
const hugoPost = `---
title: "Unix 域套接字：从 socket() 到 accept()"
date: 2026-12-01
---

服务器先创建、绑定并监听一个套接字：

%SNIPPET%

客户端连接之后，accept() 才返回：

{{< socklab lang="zh" readonly="true" panes="source kernel log" >}}
server: fd = socket(AF_UNIX, SOCK_STREAM, 0)
server: bind(fd, "/tmp/echo.sock")
server: listen(fd, 5)
server: conn = accept(fd)
client: c = socket(AF_UNIX, SOCK_STREAM, 0)
client: connect(c, "/tmp/echo.sock")
client: write(c, "<b>你好</b>")
server: read(conn, 255)
{{< /socklab >}}
`

const hugoSingle = `<!doctype html>
<html lang="{{ site.Language.Lang }}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }}</title><link rel="icon" href="data:,">
<style>body { max-width: 860px; margin: 0 auto; padding: 0 16px; font: 16px/1.7 "Noto Serif CJK SC", serif; }</style>
</head>
<body><main><article><h1>{{ .Title }}</h1>{{ .Content }}</article></main></body>
</html>
`

// hugoSite builds a small Hugo site with the socklab theme component (web/hugo/socklab, its
// static/socklab/ filled from the built page as `make hugo-theme` does) and serves it.
func hugoSite(t *testing.T, extra string) string {
	t.Helper()
	hugo, err := exec.LookPath("hugo")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("hugo is not installed (CI=true): make test installs Debian's hugo")
		}
		t.Skip("SKIPPED: hugo is not installed: apt-get install hugo (make test does)")
	}
	dir := t.TempDir()
	write := func(p, s string) {
		p = filepath.Join(dir, p)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(s), 0o644))
	}
	// The theme component as an author gets it.
	require.NoError(t, os.CopyFS(filepath.Join(dir, "themes", "socklab"), os.DirFS("../hugo/socklab")))
	for _, f := range []string{"embed.js", "gen/engine.wasm", "gen/wasm_exec.js", "gen/worker.js"} {
		b, err := fs.ReadFile(web.Public(), f)
		require.NoError(t, err)
		write(filepath.Join("themes/socklab/static/socklab", f), string(b))
	}
	write("hugo.toml", "baseURL = \"http://example.org/\"\nlanguageCode = \"zh-CN\"\ndefaultContentLanguage = \"zh\"\ntitle = \"套接字笔记\"\n"+
		"disableKinds = [\"taxonomy\", \"term\", \"RSS\", \"sitemap\", \"robotsTXT\", \"404\"]\n"+
		readmeSnippet(t, "hugo.toml")+extra)
	write("layouts/_default/single.html", hugoSingle)
	write("layouts/_default/list.html", `<!doctype html><html><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body></body></html>`)
	write("content/posts/unix-socket.md", strings.Replace(hugoPost, "%SNIPPET%", readmeSnippet(t, "hugo-post"), 1))
	out, err := exec.Command(hugo, "--source", dir, "--destination", filepath.Join(dir, "public"), "--quiet").CombinedOutput()
	require.NoError(t, err, "hugo: %s", out)
	srv := httptest.NewServer(http.FileServer(http.Dir(filepath.Join(dir, "public"))))
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestHugoChinesePostWithTwoPlaygrounds(t *testing.T) {
	b := newBrowser(t)
	site := hugoSite(t, "")
	require.NoError(t, chromedp.Run(b.ctx, chromedp.Navigate(site+"/posts/unix-socket/")))
	var n, scripts int
	b.untilTrue(t, `document.querySelectorAll("socklab-playground").length === 2`, "the post has no two playgrounds")
	b.eval(t, `document.querySelectorAll("script[type=module][src$='embed.js']").length`, &scripts)
	assert.Equal(t, 1, scripts, "the module is loaded once per page")
	var workers int
	b.untilTrue(t, `performance.getEntriesByType("resource").some(e => e.name.endsWith("/socklab/gen/worker.js"))`, "no engine worker")
	b.eval(t, `performance.getEntriesByType("resource").filter(e => e.name.endsWith("/socklab/gen/worker.js")).length`, &workers)
	assert.Equal(t, 1, workers, "same origin: the engine runs in one Web Worker")
	b.eval(t, `(document.querySelectorAll("socklab-playground").forEach((e, i) => e.id = "p" + i), 0)`, &n)
	for _, id := range []string{"p0", "p1"} {
		b.eval(t, `(document.getElementById("`+id+`").scrollIntoView(), 0)`, &n)
		b.untilTrue(t, shadow(id, `el.dataset.state === "ready" && !!r.querySelector(".sl-kernel > :not(.sl-placeholder)")`), id+" did not render the kernel view")
	}
	var s string
	// The first starts at step 2 (step="2"), the second at 0.
	b.eval(t, shadow("p0", `el.dataset.pos + "|" + el.dataset.parse`), &s)
	assert.Equal(t, "2|ok", s)
	b.eval(t, shadow("p0", `r.querySelector(".sl-kernel").textContent`), &s)
	assert.Contains(t, s, "sock:", "p0's kernel view shows the server's socket")
	// The timeline text is text: "<b>" inside it is not markup.
	b.eval(t, shadow("p1", `r.querySelector(".sl-source").textContent`), &s)
	assert.Contains(t, s, `write(c, "<b>你好</b>")`)
	// Chinese labels.
	b.eval(t, shadow("p0", `r.querySelector(".sl-pos").textContent + "|" + r.querySelector(".sl-step").title + "|" + r.querySelector(".sl-h").textContent`), &s)
	assert.Contains(t, s, "第 2 / 3 步", s)
	assert.Regexp(t, `[\p{Han}]`, s)
	// Independent stepping.
	for range 6 {
		b.eval(t, shadow("p1", `(r.querySelector(".sl-step").click(), 0)`), &n)
	}
	b.untilTrue(t, shadow("p1", `el.dataset.pos === "6"`), "p1 did not step to 6")
	b.eval(t, shadow("p0", `el.dataset.pos`), &s)
	assert.Equal(t, "2", s, "stepping p1 does not move p0")
	b.eval(t, shadow("p0", `(r.querySelector(".sl-step").click(), 0)`), &n)
	b.untilTrue(t, shadow("p0", `el.dataset.pos === "3"`), "p0 did not step to 3")
	b.eval(t, shadow("p1", `el.dataset.pos + "|" + r.querySelector(".sl-log").textContent`), &s)
	assert.True(t, strings.HasPrefix(s, "6|"), s)

	b.eval(t, `(window.scrollTo(0, 0), 0)`, &n)
	b.screenshot(t, "socklab-hugo-zh-desktop")
	require.NoError(t, chromedp.Run(b.ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile)))
	b.eval(t, `(document.getElementById("p1").scrollIntoView(), 0)`, &n)
	viewShot(t, b, "socklab-hugo-zh-phone")
}

// TestHugoModuleFromASocklabServer: with params.socklab.base the shortcode loads the module (and
// the engine) from a socklab server on another origin.
func TestHugoModuleFromASocklabServer(t *testing.T) {
	b := newBrowser(t)
	site := hugoSite(t, "\n[params.socklab]\nbase = \""+b.url+"/\"\n")
	site = strings.Replace(site, "127.0.0.1", "localhost", 1) // another site than the socklab server
	require.NoError(t, chromedp.Run(b.ctx, chromedp.Navigate(site+"/posts/unix-socket/")))
	var src string
	b.untilTrue(t, `!!document.querySelector("script[type=module]")`, "no module script")
	b.eval(t, `document.querySelector("script[type=module]").src`, &src)
	assert.Equal(t, b.url+"/embed.js", src)
	var n int
	b.eval(t, `(document.querySelectorAll("socklab-playground").forEach((e, i) => e.id = "p" + i), 0)`, &n)
	b.untilTrue(t, shadow("p0", `el.dataset.state === "ready" && el.dataset.pos === "2"`), "the playground did not run from the socklab server")
}
