#!/usr/bin/env bash
# bench.sh - `make bench`: every benchmark, on SQLite and on PostgreSQL, so
# that each target of the README's table reports its figures, its baseline and
# its ratio for both engines (issue 11). PostgreSQL is a throwaway cluster
# started by scripts/pgtest.sh (installed first by scripts/testdeps.sh when
# run as root), or the server in ZHIFA_TEST_PG when that is set.
#
#   make bench                    the default sizes (the first run fills the
#                                 stores it measures, which takes a while)
#   make bench SCALE=1000000      the province-scale targets at SCALE cases:
#                                 ZHIFA_BENCH_CASES, ZHIFA_BENCH_SEARCH and
#                                 ZHIFA_BENCH_SUPERVISION default to SCALE
#                                 (hours: the stores are filled first; SQLite
#                                 keeps them under ZHIFA_BENCH_CACHE for the
#                                 next run, PostgreSQL only on a server of your
#                                 own in ZHIFA_TEST_PG)
#   make bench BENCH='Scale|Search'   only the benchmarks matching BENCH
#
# Each benchmark's doc comment names its own variables (ZHIFA_BENCH_*).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

log() { printf 'bench: %s\n' "$*" >&2; }

if [[ ${1:-} == --inner ]]; then
	shift
	exec go test -run '^$' -bench "${BENCH:-.}" -timeout 0 "$@"
fi

if [[ -n ${ZHIFA_BENCH_SCALE:-} ]]; then
	export ZHIFA_BENCH_CASES=${ZHIFA_BENCH_CASES:-$ZHIFA_BENCH_SCALE}
	export ZHIFA_BENCH_SEARCH=${ZHIFA_BENCH_SEARCH:-$ZHIFA_BENCH_SCALE}
	export ZHIFA_BENCH_SUPERVISION=${ZHIFA_BENCH_SUPERVISION:-$ZHIFA_BENCH_SCALE}
	log "province scale: ZHIFA_BENCH_CASES=$ZHIFA_BENCH_CASES ZHIFA_BENCH_SEARCH=$ZHIFA_BENCH_SEARCH ZHIFA_BENCH_SUPERVISION=$ZHIFA_BENCH_SUPERVISION"
fi

args=("$@")
((${#args[@]} > 0)) || args=(./...)
cmd=(bash scripts/bench.sh --inner "${args[@]}")

if [[ -n ${ZHIFA_TEST_PG:-} ]]; then
	log "using existing PostgreSQL from ZHIFA_TEST_PG"
else
	if [[ $(id -u) -eq 0 ]]; then
		bash scripts/testdeps.sh
	fi
	if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || [[ -n ${PG_BINDIR:-} ]]; then
		cmd=(bash scripts/pgtest.sh run -- "${cmd[@]}")
	else
		log "no PostgreSQL server: the benchmarks run on SQLite only"
	fi
fi
exec "${cmd[@]}"
