#!/usr/bin/env bash
# s3test.sh - a THROWAWAY S3 server for the test run: versitygw (the Versity
# S3 Gateway, Apache-2.0) with its posix backend in a new temp dir, metadata
# in a sidecar dir (so the file system needs no xattrs), single-account mode
# with a random secret key, listening only on 127.0.0.1 at a free port
# (47070 first). The bucket "zhifa-test" exists from the start.
#
# versitygw is built from Go modules, never downloaded prebuilt:
#   go install github.com/versity/versitygw/cmd/versitygw@$VERSITYGW_VERSION
# through the module proxy (checked against go.sum's database, like any
# module), with CGO_ENABLED=0, into a per-version cache dir next to Go's
# build cache (ZHIFA_TOOLS_DIR overrides):
#   $(dirname "$(go env GOCACHE)")/zhifa-tools/versitygw-VERSION/versitygw
# The first build takes a few minutes; later runs reuse the binary.
#
# Usage:
#   scripts/s3test.sh build                build versitygw unless cached;
#                                          prints the binary's path
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

VERSITYGW_VERSION=v1.8.0
S3TEST_ACCESS=zhifatest
S3TEST_BUCKET=zhifa-test

s3t_log() { printf 's3test: %s\n' "$*" >&2; }

# s3t_bin prints the path of the cached versitygw binary (which may not
# exist yet).
s3t_bin() {
	local tools=${ZHIFA_TOOLS_DIR:-} cache
	if [[ -z $tools ]]; then
		cache=$(go env GOCACHE)
		if [[ $cache != /* ]]; then # GOCACHE=off or unset
			cache=${XDG_CACHE_HOME:-$HOME/.cache}/go-build
		fi
		tools=$(dirname "$cache")/zhifa-tools
	fi
	printf '%s' "$tools/versitygw-$VERSITYGW_VERSION/versitygw"
}

# s3t_build builds versitygw unless cached, and prints its path.
s3t_build() {
	local bin dir tmp start
	bin=$(s3t_bin)
	if [[ -x $bin ]]; then
		printf '%s\n' "$bin"
		return
	fi
	dir=$(dirname "$bin")
	mkdir -p "$dir"
	tmp=$(mktemp -d "$dir/build.XXXXXX")
	s3t_log "building versitygw $VERSITYGW_VERSION from Go modules into $dir (a few minutes, once)"
	start=$SECONDS
	# Outside any module, so the project's go.mod is not involved; GOFLAGS
	# cleared so that e.g. -mod=vendor cannot break `go install pkg@version`.
	if ! (cd "$tmp" && GOFLAGS= CGO_ENABLED=0 GOBIN="$tmp" \
		go install -trimpath "github.com/versity/versitygw/cmd/versitygw@$VERSITYGW_VERSION"); then
		rm -rf "$tmp"
		s3t_log "ERROR: could not build versitygw $VERSITYGW_VERSION"
		return 1
	fi
	mv -f "$tmp/versitygw" "$bin" # atomic: a killed build leaves no binary
	rm -rf "$tmp"
	s3t_log "built $bin in $((SECONDS - start))s"
	printf '%s\n' "$bin"
}

# s3t_port_busy PORT: true if something accepts connections on it.
s3t_port_busy() {
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# s3t_start: start the server; sets ZHIFA_TEST_S3 and ZHIFA_S3TEST_DIR.
s3t_start() {
	local bin dir port secret pid started="" failures=0 i
	bin=$(s3t_build)
	dir=$(mktemp -d "${TMPDIR:-/tmp}/zhifa-s3test.XXXXXX")
	ZHIFA_S3TEST_DIR=$dir
	mkdir -p "$dir/root/$S3TEST_BUCKET" "$dir/meta"
	secret=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')

	# Try 47070 first, then others; retry if we lose a race for the port.
	for port in 47070 $(seq 47071 47099) $(shuf -i 40000-45000 -n 20); do
		s3t_port_busy "$port" && continue
		ROOT_ACCESS_KEY=$S3TEST_ACCESS ROOT_SECRET_KEY=$secret \
			"$bin" --port "127.0.0.1:$port" --quiet \
			posix --sidecar "$dir/meta" "$dir/root" \
			</dev/null >"$dir/server.log" 2>&1 &
		pid=$!
		echo "$pid" >"$dir/pid"
		# Wait until it accepts connections (or dies: port taken).
		for ((i = 0; i < 300; i++)); do
			if ! kill -0 "$pid" 2>/dev/null; then
				break
			fi
			if s3t_port_busy "$port"; then
				started=$port
				break
			fi
			sleep 0.1
		done
		[[ -n $started ]] && break
		kill -KILL "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
		rm -f "$dir/pid"
		failures=$((failures + 1))
		((failures < 5)) || break
		s3t_log "could not start on port $port, trying another"
	done
	if [[ -z $started ]]; then
		s3t_log "ERROR: could not start versitygw; server log:"
		cat "$dir/server.log" >&2 || true
		return 1
	fi
	ZHIFA_TEST_S3="http://$S3TEST_ACCESS:$secret@127.0.0.1:$started/$S3TEST_BUCKET"
	export ZHIFA_TEST_S3 ZHIFA_S3TEST_DIR
	s3t_log "started versitygw $VERSITYGW_VERSION (pid $pid) in $dir: http://127.0.0.1:$started/$S3TEST_BUCKET"
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
			s3t_log "versitygw $pid did not stop; killing it"
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
		s3t_build
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
