# Ketenhub. `make run` serves the hub on the embedded SQLite with demo data;
# `make test` runs every test (Go with -race on SQLite and a throwaway
# PostgreSQL, go vet, staticcheck) and fails when the web app's types,
# generated from docs/openapi.yaml by `npm run types`, are out of date.
GO          ?= go
BIN         := $(CURDIR)/bin
STATICCHECK := $(BIN)/staticcheck
NPM         ?= npm
WEB         := frontend
# npm ci runs again only when the lock file changes.
WEB_DEPS    := $(WEB)/node_modules/.ketenhub-npm-ci

.PHONY: run test build vet lint deps clean web e2e screenshots

run: web
	$(GO) run ./cmd/ketenhub serve

build: web
	CGO_ENABLED=0 $(GO) build -o $(BIN)/ketenhub ./cmd/ketenhub

test: deps vet lint web
	$(GO) test -race -count=1 -timeout 30m ./...
	cd deploy && $(GO) vet ./... && $(GO) test -count=1 ./...
	cd $(WEB) && $(NPM) run types:check && $(NPM) run typecheck && $(NPM) test
	CGO_ENABLED=0 $(GO) build -o $(BIN)/ketenhub ./cmd/ketenhub
	$(MAKE) e2e-run

# e2e-run runs the browser tests against the built hub, keeping the hub's
# data and what each browser received, and then the leak oracle's scan of
# those recordings.
E2E_DIR := $(CURDIR)/$(WEB)/e2e-output/hub
.PHONY: e2e-run
e2e-run:
	rm -rf $(WEB)/e2e-output/recordings
	cd $(WEB) && KETENHUB_BIN=$(BIN)/ketenhub KETENHUB_E2E_DIR=$(E2E_DIR) $(NPM) run e2e
	KETENHUB_E2E_DIR=$(E2E_DIR) $(GO) test -tags e2e -count=1 -run '^TestBrowserRecordings$$' ./oracle

# web builds the web app (frontend/) into frontend/dist, which the binary
# embeds; a Go build without it serves a placeholder page instead.
web: $(WEB_DEPS)
	cd $(WEB) && $(NPM) run build

$(WEB_DEPS): $(WEB)/package-lock.json
	cd $(WEB) && $(NPM) ci --no-audit --no-fund
	@touch $@

# e2e runs the browser tests (headless Debian chromium) against a built hub.
e2e: build
	$(MAKE) e2e-run

# screenshots runs the browser tests and refreshes docs/screenshots from them.
screenshots: build
	cd $(WEB) && UPDATE_SCREENSHOTS=1 KETENHUB_BIN=$(BIN)/ketenhub $(NPM) run e2e

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
