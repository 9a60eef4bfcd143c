#!/usr/bin/env bash
# test.sh - run `go test` with the real services the tests need; this is the
# last step of `make test` (after the gofmt check, go vet and staticcheck).
#
#   1. scripts/testdeps.sh makes sure postgresql, chromium and
#      fonts-wqy-microhei are installed (installs them as root; fails under
#      CI=true when it cannot; otherwise warns and the tests needing them skip).
#   2. Exports ZHIFA_CHROMIUM (path of the Chromium executable).
#   3. Starts a throwaway PostgreSQL cluster with scripts/pgtest.sh, which
#      exports ZHIFA_TEST_PG and removes the cluster when go test ends, also
#      on failure. If ZHIFA_TEST_PG is already set, that server is used.
#   4. Starts a throwaway S3 server (internal/s3test's s3testd, built with
#      the project; see the reasons at the top of scripts/s3test.sh) with
#      scripts/s3test.sh, which exports ZHIFA_TEST_S3 and removes the server
#      when go test ends. If ZHIFA_TEST_S3 is already set, that server is
#      used.
#   5. Runs `go test -json ARGS...` (Makefile passes -count=1 -timeout=20m
#      -p 2 ./...), then the race detector on the concurrent packages:
#      `go test -race -short $ZHIFA_RACE_PKGS`, and on app only the tests
#      matching $ZHIFA_RACE_APP_RUN (-race on all of app costs several
#      minutes on 2 cores; its concurrency is in these tests). Either
#      variable empty skips that part.
#   6. Both runs go through internal/testreport, which prints each package's
#      ok/FAIL line, build errors and the output of failed tests, and ends
#      with one line "N passed, N failed, N skipped", printed last (after the
#      services have stopped and logged it). The exit status is go
#      test's (the first non-zero of the runs).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

log() { printf 'test: %s\n' "$*" >&2; }

: "${ZHIFA_RACE_PKGS=./sqlstore ./blob ./ledger}"
: "${ZHIFA_RACE_APP_RUN=^(TestConcurrentFilings|TestConcurrentCaseWrites|TestLedgerCheckpointWithinASecond|TestLedgerTwoServersOnePostgres)$}"

# run_tests ARGS: the go test runs, piped into testreport; runs inside the
# services started below.
run_tests() {
	local rc=0
	work=$(mktemp -d "${TMPDIR:-/tmp}/zhifa-test.XXXXXX")
	trap 'rm -rf "$work"' EXIT
	go build -o "$work/testreport" ./internal/testreport
	{
		go test -json "$@" || echo $? >>"$work/rc"
		if [[ -n $ZHIFA_RACE_PKGS ]]; then
			# shellcheck disable=SC2086 # a list of packages
			go test -json -race -short -count=1 -timeout=20m $ZHIFA_RACE_PKGS || echo $? >>"$work/rc"
		fi
		if [[ -n $ZHIFA_RACE_APP_RUN ]]; then
			go test -json -race -count=1 -timeout=20m -run "$ZHIFA_RACE_APP_RUN" ./app || echo $? >>"$work/rc"
		fi
	} | "$work/testreport" ${ZHIFA_TEST_SUMMARY:+-summary "$ZHIFA_TEST_SUMMARY"}
	if [[ -s $work/rc ]]; then
		read -r rc <"$work/rc"
	fi
	return "$rc"
}

if [[ ${1:-} == --inner ]]; then
	shift
	run_tests "$@"
	exit
fi

bash scripts/testdeps.sh

if [[ -z ${ZHIFA_CHROMIUM:-} ]]; then
	for c in /usr/bin/chromium "$(command -v chromium 2>/dev/null || true)" \
		"$(command -v chromium-browser 2>/dev/null || true)"; do
		if [[ -n $c && -x $c ]]; then
			export ZHIFA_CHROMIUM=$c
			break
		fi
	done
fi
log "ZHIFA_CHROMIUM=${ZHIFA_CHROMIUM:-<unset: browser tests will skip>}"

args=("$@")
((${#args[@]} > 0)) || args=(./...)
cmd=(bash scripts/test.sh --inner "${args[@]}")

if [[ -n ${ZHIFA_TEST_S3:-} ]]; then
	log "using existing S3 server from ZHIFA_TEST_S3"
else
	cmd=(bash scripts/s3test.sh run -- "${cmd[@]}")
fi

if [[ -n ${ZHIFA_TEST_PG:-} ]]; then
	log "using existing PostgreSQL from ZHIFA_TEST_PG"
elif ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && [[ -z ${PG_BINDIR:-} ]]; then
	# testdeps.sh already failed if CI=true; a developer gets skips.
	log "no PostgreSQL server: database tests will skip"
else
	cmd=(bash scripts/pgtest.sh run -- "${cmd[@]}")
fi

# The summary line is printed last, after the services have stopped and
# logged it, so that it closes the output.
ZHIFA_TEST_SUMMARY=$(mktemp "${TMPDIR:-/tmp}/zhifa-test-summary.XXXXXX")
export ZHIFA_TEST_SUMMARY
trap 'rm -f "$ZHIFA_TEST_SUMMARY"' EXIT
rc=0
"${cmd[@]}" || rc=$?
cat "$ZHIFA_TEST_SUMMARY" 2>/dev/null || true
exit "$rc"
