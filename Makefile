# socklab — see README.md. `make run` serves the playground; `make test` runs every test.
GO ?= go

.PHONY: build run test
build:
	$(GO) build -o socklab .

run: build
	./socklab serve

test:
	$(GO) vet ./...
	$(GO) test ./...
