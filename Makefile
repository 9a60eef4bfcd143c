# zhifa - build and test.
#
#   make test        gofmt check, go vet, staticcheck, then go test with a
#                    throwaway PostgreSQL cluster, S3 server and headless
#                    Chromium, and go test -race on the concurrent packages;
#                    ends with "N passed, N failed, N skipped" (the one test
#                    command; CI runs it via .ci/run; see scripts/test.sh)
#   make lint        staticcheck (pinned, installed once by scripts/tools.sh)
#   make test-short  plain go test, no services (their tests skip)
#   make build       build bin/zhifa
#   make bench      every benchmark on SQLite and a throwaway PostgreSQL;
#                    SCALE=1000000 for the province-scale targets
#   make fmt / vet / clean

SHELL := /bin/bash
GO    ?= go

# Flags for the full test run; override e.g. `make test GOTESTFLAGS=-v`.
GOTESTFLAGS ?= -count=1 -timeout=20m -p 2
PKGS        ?= ./...

# Prints the Go files to format-check, one a line: tracked plus untracked but
# not ignored (so new files are checked before they are committed), minus
# vendor/ and files deleted from the work tree.
LIST_GO = { git ls-files --cached --others --exclude-standard -- '*.go' 2>/dev/null \
	  || find . -name '*.go' -not -path './.git/*' | sed 's|^\./||'; } \
	| grep -v -e '^vendor/' -e '/vendor/' | sort -u \
	| while IFS= read -r f; do [[ -f "$$f" ]] && printf '%s\n' "$$f"; done

.PHONY: all build fmt fmt-check vet lint test test-short bench screenshots clean
.NOTPARALLEL:

all: build

build:
	$(GO) build -o bin/zhifa ./cmd/zhifa

fmt:
	@$(LIST_GO) | xargs -r -d '\n' gofmt -w

fmt-check:
	@out=$$($(LIST_GO) | xargs -r -d '\n' gofmt -l) || { echo "gofmt: failed" >&2; exit 1; }; \
	if [[ -n "$$out" ]]; then \
		echo "gofmt: these files need formatting (run 'make fmt'):" >&2; \
		echo "$$out" >&2; \
		exit 1; \
	fi; \
	echo "gofmt: ok"

vet:
	$(GO) vet $(PKGS)

lint:
	bash scripts/tools.sh run staticcheck $(PKGS)

test: fmt-check vet lint
	bash scripts/test.sh $(GOTESTFLAGS) $(PKGS)

test-short:
	$(GO) test $(PKGS)

# Every benchmark on both engines (see scripts/bench.sh); SCALE=1000000 for the
# province-scale targets, BENCH=REGEXP for some of them.
SCALE ?=
BENCH ?= .

bench:
	ZHIFA_BENCH_SCALE=$(SCALE) BENCH='$(BENCH)' bash scripts/bench.sh $(PKGS)

# The README's screenshots, from the demo city in a real Chromium (docs/img).
screenshots:
	ZHIFA_SCREENSHOTS=$(CURDIR)/docs/img $(GO) test -count=1 -run '^TestReadmeScreenshots$$' ./e2e

clean:
	rm -rf bin
	$(GO) clean -testcache
