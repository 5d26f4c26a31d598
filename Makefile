# socklab — see README.md. `make run` serves the playground; `make test` runs every test.
#
# make build   the engine as WebAssembly, the front-end bundle (npm ci + esbuild), their .gz/.br
#              copies, then the socklab binary with the page embedded
# make run     build, then serve on http://127.0.0.1:8080/
# make test    build, go vet, every Go test (e2e in headless Chromium included: installs Debian's
#              chromium when missing, as root), the wasm binding under Node, the Worker target
# make worker  the Cloudflare Worker (API) + the static site for `npx wrangler deploy` in web/worker
# make hugo-theme  fill web/hugo/socklab/static/socklab/ (the web component and the engine) for Hugo sites
# make perf    the playground's performance figures (wasm size, load, step latency, wasm vs native)
GO ?= go
GOROOT := $(shell $(GO) env GOROOT)
WASM_EXEC_DIR := $(GOROOT)/lib/wasm
GEN := web/public/gen
GO_SOURCES := $(shell find engine wasm lessons -name '*.go' -o -name '*.md' 2>/dev/null) go.mod go.sum
WEB_SOURCES := $(wildcard web/src/*.js web/src/*.css web/src/lesson/* web/src/embed/* web/src/cmode/*) $(wildcard engine/cprog/testdata/seed/*.c engine/cprog/testdata/corpus/*/*.c) $(wildcard web/examples/*.tl) web/build.mjs

.PHONY: c-wasm build run test web chromium hugo hugo-theme worker perf clean-web difftest-random fuzz-poll fuzz-scm difftest-poll-random

build: web
	@echo "== building the socklab binary (the page embedded)"
	$(GO) build -o socklab .

run: build
	@echo "== serving the playground (socklab serve: http://127.0.0.1:8080/, or :$$PORT; Ctrl-C stops)"
	./socklab serve

# The page's files, two jobs at a time (npm ci and esbuild run while Go compiles the engine; the
# compression tool compiles while the other WebAssembly builds link): a fresh clone's first
# `make run` is what a newcomer waits for. WEB_JOBS=1 builds one thing at a time.
WEB_JOBS ?= 2
web:
	@$(MAKE) --no-print-directory -j$(WEB_JOBS) $(GEN)/.compressed

web/node_modules/.package-lock.json: web/package.json web/package-lock.json
	@echo "== installing the front end's npm packages (npm ci)"
	cd web && npm ci --no-audit --no-fund --loglevel=error

$(GEN)/app.js: web/node_modules/.package-lock.json $(WEB_SOURCES)
	@echo "== bundling the front end (esbuild)"
	cd web && node build.mjs

# Two builds of the engine: the playground's, and one with the lesson course (-tags lessons)
# that only lesson mode downloads, so the course does not weigh on every page load.
# WASM_GCFLAGS: no inlining in socklab's own packages: Go's wasm code for an inlined call is
# large, and this takes engine.wasm from 805 to 738 KiB brotli (issue 12: <= 800); the speed
# difference per step was within the noise of this 2-CPU machine (make perf's wasm figure).
WASM_GCFLAGS := -gcflags='socklab/...=-l'
$(GEN)/engine.wasm: $(GO_SOURCES)
	mkdir -p $(GEN)
	@echo "== compiling the engine to WebAssembly (the first build compiles Go's standard library too)"
	GOOS=js GOARCH=wasm $(GO) build -trimpath $(WASM_GCFLAGS) -ldflags='-s -w' -o $@ ./wasm

# After engine.wasm (order only): the standard library for js/wasm is then compiled once, not twice.
$(GEN)/engine-lessons.wasm: $(GO_SOURCES) | $(GEN)/engine.wasm
	mkdir -p $(GEN)
	@echo "== compiling the engine with the lesson course to WebAssembly"
	GOOS=js GOARCH=wasm $(GO) build -tags lessons -trimpath $(WASM_GCFLAGS) -ldflags='-s -w' -o $@ ./wasm

# The C mode's modules: only /c loads them, in one Worker, so neither engine.wasm nor the timeline
# page grows. Two modules because one (1,376 KiB brotli) was over issue 12's budget (every lazily
# loaded wasm <= 1,200 KB): cc.wasm (wasm/cc) is the C front end, modernc.org/cc/v4 and cprog's
# compiler (-tags cprog_compiler: no VM, libc or kernel); c.wasm (wasm/c) runs the programs it
# encodes (-tags cprog_runtime: no cc/v4, and its JSON without encoding/json). No inlining
# anywhere (all=-l): that takes cc.wasm from 1,237 to 1,064 KiB brotli and c.wasm from 890 to 790;
# a 10M-iteration C loop was no slower (best of 3 runs each in Node, alternating).
C_WASM_FLAGS := -trimpath -gcflags=all=-l -ldflags='-s -w'
$(GEN)/cc.wasm: $(GO_SOURCES) $(shell find engine/cprog/include -type f 2>/dev/null) | $(GEN)/engine.wasm
	mkdir -p $(GEN)
	GOOS=js GOARCH=wasm $(GO) build -tags cprog_compiler $(C_WASM_FLAGS) -o $@ ./wasm/cc

$(GEN)/c.wasm: $(GO_SOURCES) | $(GEN)/engine.wasm
	mkdir -p $(GEN)
	GOOS=js GOARCH=wasm $(GO) build -tags cprog_runtime $(C_WASM_FLAGS) -o $@ ./wasm/c

# The C mode's examples compiled at build time by the same compiler (web/tools/cexamples: one
# gen/cexamples/<name>.bin per entry of web/src/cmode/cexamples.js), so /c opens an unchanged
# example with c.wasm alone and fetches cc.wasm only to compile. Rebuilt when the compiler
# (GO_SOURCES, its headers), the menu or the examples' sources change.
$(GEN)/cexamples/.built: $(GO_SOURCES) $(shell find engine/cprog/include -type f 2>/dev/null) web/src/cmode/cexamples.js $(wildcard engine/cprog/testdata/seed/*.c engine/cprog/testdata/corpus/*/*.c web/tools/cexamples/*.go)
	@echo "== compiling the C mode's examples (web/tools/cexamples)"
	$(GO) run ./web/tools/cexamples -o $(GEN)/cexamples web/src/cmode/cexamples.js
	touch $@

$(GEN)/wasm_exec.js: $(WASM_EXEC_DIR)/wasm_exec.js
	mkdir -p $(GEN)
	cp $< $@

# Local builds compress fast (brotli 5, all files in parallel): a fresh clone's first `make run`
# is what a newcomer waits for. Release and Workers builds use the best level (make worker,
# or PRECOMPRESS_LEVEL=best make build).
PRECOMPRESS_LEVEL ?= fast
$(GEN)/.compressed: $(GEN)/app.js $(GEN)/engine.wasm $(GEN)/engine-lessons.wasm $(GEN)/cc.wasm $(GEN)/c.wasm $(GEN)/cexamples/.built $(GEN)/wasm_exec.js bin/precompress
	@echo "== compressing the page's files (.gz, .br; level $(PRECOMPRESS_LEVEL))"
	bin/precompress -level $(PRECOMPRESS_LEVEL) $(GEN)
	touch $@

bin/precompress: web/tools/precompress/main.go go.mod go.sum
	@echo "== compiling the compression tool"
	$(GO) build -o $@ ./web/tools/precompress

# Headless Chromium for the end-to-end tests: Debian's package, installed when missing (as root).
# Under CI=true a Chromium that cannot be installed fails the run; elsewhere the e2e tests skip
# with a message saying why.
chromium:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian's chromium for the e2e tests"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || { echo "chromium could not be installed"; [ "$$CI" != true ] || exit 1; }; \
	  else \
	    echo "chromium is missing and cannot be installed here (not root or no apt-get)"; \
	    [ "$$CI" != true ] || exit 1; \
	  fi; \
	fi

# Debian's gcc for the C corpus (engine/cprog: every program also runs as a real binary), installed
# when missing, like chromium.
gcc:
	@if ! command -v gcc >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian's gcc for the C corpus"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gcc libc6-dev >/dev/null) \
	      || { echo "gcc could not be installed"; [ "$$CI" != true ] || exit 1; }; \
	  else \
	    echo "gcc is missing and cannot be installed here (not root or no apt-get)"; \
	    [ "$$CI" != true ] || exit 1; \
	  fi; \
	fi

# Debian's hugo for the Hugo theme test (web/e2e/hugo_test.go), installed when missing, like chromium.
hugo:
	@if ! command -v hugo >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian's hugo for the Hugo test"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hugo >/dev/null) \
	      || { echo "hugo could not be installed"; [ "$$CI" != true ] || exit 1; }; \
	  else \
	    echo "hugo is missing and cannot be installed here (not root or no apt-get)"; \
	    [ "$$CI" != true ] || exit 1; \
	  fi; \
	fi

# The Hugo theme component's assets: the <socklab-playground> module and the engine it loads.
hugo-theme: web
	mkdir -p web/hugo/socklab/static/socklab/gen
	cp web/public/embed.js web/hugo/socklab/static/socklab/
	cp $(GEN)/engine.wasm $(GEN)/wasm_exec.js $(GEN)/worker.js web/hugo/socklab/static/socklab/gen/

test: build chromium hugo gcc
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./wasm/ ./web/worker/
	GOOS=js GOARCH=wasm $(GO) vet -tags lessons ./wasm/
	GOOS=js GOARCH=wasm $(GO) vet -tags cprog_compiler ./wasm/cc/
	GOOS=js GOARCH=wasm $(GO) vet -tags cprog_runtime ./wasm/c/
	GOOS=js GOARCH=wasm $(GO) build -o /dev/null ./web/worker
	cd web && node --test --test-reporter=dot test/ src/lesson/*.test.mjs
	$(GO) test -timeout 25m ./...
	GOOS=js GOARCH=wasm $(GO) test -exec "$(WASM_EXEC_DIR)/go_js_wasm_exec" ./wasm/
	GOOS=js GOARCH=wasm $(GO) test -tags lessons -exec "$(WASM_EXEC_DIR)/go_js_wasm_exec" ./wasm/

worker: web
	bin/precompress -level best $(GEN)
	mkdir -p web/worker/build/site
	cd web/worker && $(GO) run github.com/syumai/workers/cmd/workers-assets-gen -mode=go -o build
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w' -o web/worker/build/app.wasm ./web/worker
	rm -rf web/worker/build/site && mkdir -p web/worker/build/site
	cp -R web/public/. web/worker/build/site/
	cp web/public/embed.html web/worker/build/site/embed.html
	mkdir -p web/worker/build/site/c && cp web/public/c.html web/worker/build/site/c/embed.html
	cp web/worker/_headers web/worker/build/site/_headers

perf: build chromium
	SOCKLAB_PERF=1 $(GO) test -run 'TestPerf|TestCModePerf' -count=1 -v ./web/e2e/

clean-web:
	rm -rf $(GEN) web/worker/build

# make difftest-random N=1000 [SEED=1] [V2=1] [CACHE=dir]: random timelines on the host kernel and the
# engine (engine/difftest/random_*.go); prints "random: P/N timelines agree" and the causes. Needs
# root. CACHE keeps host results by timeline text, so a rerun after an engine fix is fast.
N ?= 1000
SEED ?= 1
difftest-random:
	$(GO) test ./engine/difftest -run '^TestRandom$$' -count=1 -timeout 0 -v -random.gate=false \
	  -random.n=$(N) -random.seed=$(SEED) $(if $(V2),-random.v2) $(if $(CACHE),-random.cache=$(CACHE)) \
	  | grep -v '^=== RUN'

# make fuzz-scm [FUZZTIME=10m]: fd passing, urgent data, ioctl and socket time-outs (FuzzSCM): the
# invariants hold after every call, and nothing in flight leaks once every fd is closed.
fuzz-scm:
	$(GO) test ./engine -run '^$$' -fuzz '^FuzzSCM$$' -fuzztime $(FUZZTIME)

# The C programs' modules and the compiled examples alone (make build builds them too).
c-wasm: $(GEN)/cc.wasm $(GEN)/c.wasm $(GEN)/cexamples/.built

# make fuzz-poll [FUZZTIME=10m]: random pipe/poll/select/epoll call sequences mixed with AF_UNIX and
# AF_INET ones (engine/poll_fuzz_test.go): no panic, the invariants hold after every call.
FUZZTIME ?= 10m
fuzz-poll:
	$(GO) test ./engine -run '^$$' -fuzz '^FuzzPollSyscalls$$' -fuzztime $(FUZZTIME)

# make difftest-poll-random [N=1000]: random pipe/poll/select/epoll timelines (one process, and two
# with wake-ups) on the host kernel and the engine (engine/difftest/random_poll_test.go). Needs root.
difftest-poll-random:
	$(GO) test ./engine/difftest -run '^TestPollRandom' -count=1 -timeout 0 -v -pollrandom.n=$(N) | grep -v '^=== RUN'
