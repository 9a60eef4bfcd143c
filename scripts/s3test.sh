#!/usr/bin/env bash
# s3test.sh - a THROWAWAY S3 server for the test run: internal/s3test's
# s3testd (gofakes3, an in-memory implementation of the S3 REST API in Go,
# behind a check of AWS Signature Version 4), in single-account mode with a
# random secret key, listening only on 127.0.0.1 at a free port. The bucket
# "zhifa-test" exists from the start.
#
# Why this server (issue 16): the tests need real S3 over HTTP, signed with
# SigV4 by the same client (minio-go) that blob/s3.go uses in production,
# including multipart uploads, server-side copy, ranged GETs and listing.
#   - versitygw, used before, is a complete gateway but building it from Go
#     modules took 565 s cold on the 2-core test machine (most of a cold
#     `make test`); caching the binary only helps the second run.
#   - Debian has no S3 server package; MinIO and Garage are not packaged,
#     and prebuilt binaries cannot be downloaded from here.
#   - s3rver (npm) would add Node.js to the test dependencies.
#   - gofakes3 (github.com/johannesboyne/gofakes3, MIT) is a Go module with
#     one small dependency: s3testd builds with the project in about 10 s
#     cold, from the module cache and go.sum like every other dependency.
#     gofakes3 itself accepts any signature, so internal/s3test verifies
#     SigV4 (a wrong secret is refused with SignatureDoesNotMatch).
# The binary is rebuilt on every start (go's build cache makes that ~1 s
# warm) into the server's temp dir, so it always matches the work tree.
#
# Usage:
#   scripts/s3test.sh build                build s3testd; prints its path
#                                          (in a temp dir the caller removes)
#   scripts/s3test.sh run -- CMD ARGS...   start, run CMD with ZHIFA_TEST_S3
#                                          exported, stop the server and
#                                          remove its dir (also on
#                                          failure/signal); exits with CMD's
#                                          status
#   scripts/s3test.sh start                start; prints shell `export` lines
#                                          (eval them) for ZHIFA_TEST_S3 and
#                                          ZHIFA_S3TEST_DIR
#   scripts/s3test.sh stop [DIR]           stop the server in DIR (default
#                                          $ZHIFA_S3TEST_DIR), remove DIR
#
# ZHIFA_TEST_S3=http://zhifatest:SECRET@127.0.0.1:PORT/zhifa-test
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

S3TEST_ACCESS=zhifatest
S3TEST_BUCKET=zhifa-test

s3t_log() { printf 's3test: %s\n' "$*" >&2; }

# s3t_build DIR builds s3testd into DIR and prints its path.
s3t_build() {
	local dir=$1
	if ! GOFLAGS= CGO_ENABLED=0 go build -o "$dir/s3testd" ./internal/s3test/cmd/s3testd; then
		s3t_log "ERROR: could not build internal/s3test/cmd/s3testd"
		return 1
	fi
	printf '%s\n' "$dir/s3testd"
}

# s3t_start: start the server; sets ZHIFA_TEST_S3 and ZHIFA_S3TEST_DIR.
# The server picks a free port itself (no race for one) and prints it once
# it accepts connections; we wait for that line, up to S3TEST_START_TIMEOUT
# seconds (default 180: generous, the machine may be loaded), and fail with
# the server's log if it dies or the time runs out.
s3t_start() {
	local bin dir secret pid addr="" deadline
	dir=$(mktemp -d "${TMPDIR:-/tmp}/zhifa-s3test.XXXXXX")
	ZHIFA_S3TEST_DIR=$dir
	bin=$(s3t_build "$dir")
	secret=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
	# Create the output file before the server starts: the background job
	# opens its redirections only once it runs, and a sed on a file not yet
	# there would fail and, under `set -e`, end the whole test run.
	: >"$dir/server.out"
	S3TEST_SECRET_KEY=$secret "$bin" -addr 127.0.0.1:0 \
		-access-key "$S3TEST_ACCESS" -bucket "$S3TEST_BUCKET" \
		</dev/null >"$dir/server.out" 2>"$dir/server.log" &
	pid=$!
	echo "$pid" >"$dir/pid"
	deadline=$((SECONDS + ${S3TEST_START_TIMEOUT:-180}))
	while ((SECONDS < deadline)); do
		addr=$(sed -n 's/^listening on //p' "$dir/server.out")
		[[ -n $addr ]] && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if [[ -z $addr ]]; then
		s3t_log "ERROR: s3testd did not start; its output:"
		cat "$dir/server.out" "$dir/server.log" >&2 || true
		return 1
	fi
	ZHIFA_TEST_S3="http://$S3TEST_ACCESS:$secret@$addr/$S3TEST_BUCKET"
	export ZHIFA_TEST_S3 ZHIFA_S3TEST_DIR
	s3t_log "started s3testd (pid $pid) in $dir: http://$addr/$S3TEST_BUCKET"
}

# s3t_stop [DIR]: stop the server in DIR and remove DIR. Safe to call twice.
s3t_stop() {
	local dir=${1:-${ZHIFA_S3TEST_DIR:-}} pid i
	[[ -n $dir && -d $dir ]] || return 0
	case $dir in
	*/zhifa-s3test.*) ;;
	*)
		s3t_log "ERROR: refusing to remove $dir (not an s3test dir)"
		return 1
		;;
	esac
	pid=$(cat "$dir/pid" 2>/dev/null || true)
	if [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
		kill -TERM "$pid" 2>/dev/null || true
		for ((i = 0; i < 100; i++)); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		if kill -0 "$pid" 2>/dev/null; then
			s3t_log "s3testd $pid did not stop; killing it"
			kill -KILL "$pid" 2>/dev/null || true
		fi
		wait "$pid" 2>/dev/null || true
	fi
	rm -rf "$dir"
	s3t_log "stopped and removed $dir"
}

# s3t_interrupted CODE: on INT/TERM during `run`, end the command (with TERM:
# background children ignore INT) and exit; the EXIT trap then stops the
# server.
S3T_CHILD=
s3t_interrupted() {
	if [[ -n $S3T_CHILD ]]; then
		kill -TERM "$S3T_CHILD" 2>/dev/null || true
		wait "$S3T_CHILD" 2>/dev/null || true
	fi
	exit "$1"
}

s3t_main() {
	local cmd=${1:-}
	shift || true
	case $cmd in
	build)
		s3t_build "$(mktemp -d "${TMPDIR:-/tmp}/zhifa-s3build.XXXXXX")"
		;;
	start)
		trap 's3t_stop' EXIT # remove the half-started server if start fails
		s3t_start
		trap - EXIT
		printf 'export ZHIFA_TEST_S3=%q\nexport ZHIFA_S3TEST_DIR=%q\n' "$ZHIFA_TEST_S3" "$ZHIFA_S3TEST_DIR"
		;;
	stop)
		s3t_stop "${1:-}"
		;;
	run)
		[[ ${1:-} == -- ]] && shift
		if (($# == 0)); then
			s3t_log "usage: $0 run -- CMD ARGS..."
			return 2
		fi
		trap 's3t_stop' EXIT
		trap 's3t_interrupted 130' INT
		trap 's3t_interrupted 143' TERM
		s3t_start
		# In the background so a signal to us is handled at once (bash
		# delays traps until a foreground child ends).
		local rc=0
		env -u ZHIFA_S3TEST_DIR "$@" &
		S3T_CHILD=$!
		wait "$S3T_CHILD" || rc=$?
		S3T_CHILD=
		return "$rc"
		;;
	*)
		echo "usage: $0 build | start | stop [DIR] | run -- CMD ARGS..." >&2
		return 2
		;;
	esac
}

# Run main only when executed, not when sourced.
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
	s3t_main "$@"
fi
