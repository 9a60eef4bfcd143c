#!/usr/bin/env bash
# pgtest.sh - a THROWAWAY PostgreSQL cluster for the test run.
#
# It initdb's a fresh cluster in a new temp dir (UTF8, C.UTF-8 locale so
# pg_trgm handles Chinese text, trust auth, fsync off for speed,
# max_connections=200), listening only on 127.0.0.1 at a free port (54329
# first) plus a unix socket inside the temp dir. The bootstrap superuser
# role is "zhifa" (no password). PostgreSQL refuses to run as root, so as
# root the server runs as the `postgres` system user if it exists, otherwise
# as a dedicated user `zhifatest` created with useradd.
#
# Usage:
#   scripts/pgtest.sh run -- CMD ARGS...   start, run CMD with ZHIFA_TEST_PG
#                                          exported, stop and remove the
#                                          cluster (also on failure/signal);
#                                          exits with CMD's status
#   scripts/pgtest.sh start                start; prints shell `export` lines
#                                          (eval them) for ZHIFA_TEST_PG and
#                                          ZHIFA_PGTEST_DIR
#   scripts/pgtest.sh stop [DIR]           stop the cluster in DIR (default
#                                          $ZHIFA_PGTEST_DIR), remove DIR
#
# ZHIFA_TEST_PG=postgres://zhifa@127.0.0.1:PORT/postgres?sslmode=disable
set -euo pipefail

PGTEST_ROLE=zhifa

pgt_log() { printf 'pgtest: %s\n' "$*" >&2; }

# pgt_bindir prints the newest /usr/lib/postgresql/N/bin with the server
# binaries (PG_BINDIR overrides), or fails.
pgt_bindir() {
	if [[ -n ${PG_BINDIR:-} ]]; then
		printf '%s' "$PG_BINDIR"
		return
	fi
	local d best=""
	for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V); do
		[[ -x $d/initdb && -x $d/pg_ctl && -x $d/postgres ]] && best=$d
	done
	if [[ -z $best ]]; then
		pgt_log "ERROR: no PostgreSQL server binaries under /usr/lib/postgresql/*/bin (run scripts/testdeps.sh)"
		return 1
	fi
	printf '%s' "$best"
}

# pgt_user prints the OS user that runs the server: the current user when
# not root; as root, `postgres` if present, else `zhifatest` (created here).
pgt_user() {
	if [[ $(id -u) -ne 0 ]]; then
		id -un
		return
	fi
	if id postgres >/dev/null 2>&1; then
		echo postgres
		return
	fi
	if ! id zhifatest >/dev/null 2>&1; then
		pgt_log "creating system user zhifatest to run the test cluster"
		useradd --system --no-create-home --home-dir /nonexistent \
			--shell /usr/sbin/nologin zhifatest
	fi
	echo zhifatest
}

# pgt_as DIR CMD... runs CMD as the server user, from inside DIR (the user
# may not be able to read the caller's working directory).
pgt_as() {
	local dir=$1
	shift
	if [[ $(id -u) -eq 0 ]]; then
		(cd "$dir" && runuser -u "$PGTEST_OSUSER" -- "$@")
	else
		(cd "$dir" && "$@")
	fi
}

# pgt_port_busy PORT: true if something accepts connections on it.
pgt_port_busy() {
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# pgt_start: start the cluster; sets ZHIFA_TEST_PG and ZHIFA_PGTEST_DIR.
pgt_start() {
	local bindir dir port started="" failures=0
	bindir=$(pgt_bindir)
	PGTEST_OSUSER=$(pgt_user)

	# A fresh dir; /tmp when root so the server user can reach it.
	if [[ $(id -u) -eq 0 ]]; then
		dir=$(mktemp -d /tmp/zhifa-pgtest.XXXXXX)
	else
		dir=$(mktemp -d "${TMPDIR:-/tmp}/zhifa-pgtest.XXXXXX")
	fi
	ZHIFA_PGTEST_DIR=$dir
	chmod 0755 "$dir"
	mkdir -p "$dir/data" "$dir/sock"
	chmod 0700 "$dir/data"
	if [[ $(id -u) -eq 0 ]]; then
		chown -R "$PGTEST_OSUSER:" "$dir"
	fi

	if ! pgt_as "$dir" "$bindir/initdb" -D "$dir/data" -U "$PGTEST_ROLE" \
		--encoding=UTF8 --locale=C.UTF-8 --auth=trust --no-sync \
		>"$dir/initdb.log" 2>&1; then
		pgt_log "ERROR: initdb failed:"
		cat "$dir/initdb.log" >&2
		return 1
	fi
	cat >>"$dir/data/postgresql.conf" <<CONF

# zhifa throwaway test cluster
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir/sock'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
CONF

	# Try 54329 first, then others; retry if we lose a race for the port.
	for port in 54329 $(seq 54330 54399) $(shuf -i 55000-59999 -n 20); do
		pgt_port_busy "$port" && continue
		if pgt_as "$dir" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" \
			-o "-p $port" -w -t 60 start >/dev/null 2>&1; then
			started=$port
			break
		fi
		failures=$((failures + 1))
		((failures < 5)) || break
		pgt_log "could not start on port $port, trying another"
	done
	if [[ -z $started ]]; then
		pgt_log "ERROR: could not start PostgreSQL; server log:"
		cat "$dir/server.log" >&2 || true
		return 1
	fi
	ZHIFA_TEST_PG="postgres://$PGTEST_ROLE@127.0.0.1:$started/postgres?sslmode=disable"
	export ZHIFA_TEST_PG ZHIFA_PGTEST_DIR
	pgt_log "started $("$bindir/postgres" --version) as OS user $PGTEST_OSUSER in $dir: $ZHIFA_TEST_PG"
}

# pgt_stop [DIR]: stop the cluster in DIR and remove DIR. Safe to call twice.
pgt_stop() {
	local dir=${1:-${ZHIFA_PGTEST_DIR:-}} bindir pid
	[[ -n $dir && -d $dir ]] || return 0
	case $dir in
	*/zhifa-pgtest.*) ;;
	*)
		pgt_log "ERROR: refusing to remove $dir (not a pgtest dir)"
		return 1
		;;
	esac
	if [[ -f $dir/data/postmaster.pid ]]; then
		bindir=$(pgt_bindir)
		PGTEST_OSUSER=$(stat -c %U "$dir/data")
		if ! pgt_as "$dir" "$bindir/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >/dev/null 2>&1; then
			pid=$(head -1 "$dir/data/postmaster.pid" 2>/dev/null || true)
			if [[ $pid =~ ^[0-9]+$ ]]; then
				pgt_log "pg_ctl stop failed; killing postmaster $pid"
				kill -KILL "$pid" 2>/dev/null || true
				sleep 1
			fi
		fi
	fi
	rm -rf "$dir"
	pgt_log "stopped and removed $dir"
}

# pgt_interrupted CODE: on INT/TERM during `run`, end the command (with TERM:
# background children ignore INT) and exit; the EXIT trap then stops the
# cluster.
PGT_CHILD=
pgt_interrupted() {
	if [[ -n $PGT_CHILD ]]; then
		kill -TERM "$PGT_CHILD" 2>/dev/null || true
		wait "$PGT_CHILD" 2>/dev/null || true
	fi
	exit "$1"
}

pgt_main() {
	local cmd=${1:-}
	shift || true
	case $cmd in
	start)
		trap 'pgt_stop' EXIT # remove the half-made cluster if start fails
		pgt_start
		trap - EXIT
		printf 'export ZHIFA_TEST_PG=%q\nexport ZHIFA_PGTEST_DIR=%q\n' "$ZHIFA_TEST_PG" "$ZHIFA_PGTEST_DIR"
		;;
	stop)
		pgt_stop "${1:-}"
		;;
	run)
		[[ ${1:-} == -- ]] && shift
		if (($# == 0)); then
			pgt_log "usage: $0 run -- CMD ARGS..."
			return 2
		fi
		trap 'pgt_stop' EXIT
		trap 'pgt_interrupted 130' INT
		trap 'pgt_interrupted 143' TERM
		pgt_start
		# In the background so a signal to us is handled at once (bash
		# delays traps until a foreground child ends).
		local rc=0
		env -u ZHIFA_PGTEST_DIR "$@" &
		PGT_CHILD=$!
		wait "$PGT_CHILD" || rc=$?
		PGT_CHILD=
		return "$rc"
		;;
	*)
		echo "usage: $0 start | stop [DIR] | run -- CMD ARGS..." >&2
		return 2
		;;
	esac
}

# Run main only when executed, not when sourced.
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
	pgt_main "$@"
fi
