# Ketenhub. `make run` serves the hub on the embedded SQLite with demo data;
# `make test` runs every test (Go with -race on SQLite and a throwaway
# PostgreSQL, go vet, staticcheck).
GO          ?= go
BIN         := $(CURDIR)/bin
STATICCHECK := $(BIN)/staticcheck

.PHONY: run test build vet lint deps clean

run:
	$(GO) run ./cmd/ketenhub serve

build:
	CGO_ENABLED=0 $(GO) build -o $(BIN)/ketenhub ./cmd/ketenhub

test: deps vet lint
	$(GO) test -race -count=1 -timeout 30m ./...
	cd deploy && $(GO) vet ./... && $(GO) test -count=1 ./...

vet:
	$(GO) vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))" || { echo "gofmt would change:"; gofmt -l .; exit 1; }

lint: $(STATICCHECK)
	$(STATICCHECK) ./...

# deps installs what the tests need and a fresh machine lacks: PostgreSQL's
# server binaries (from Debian) and staticcheck (from the Go module proxy).
deps: $(STATICCHECK)
	@scripts/install-deps.sh

$(STATICCHECK):
	GOBIN=$(BIN) $(GO) install honnef.co/go/tools/cmd/staticcheck@v0.8.2

clean:
	rm -rf $(BIN)
