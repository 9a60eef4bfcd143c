#!/usr/bin/env bash
# tools.sh - the pinned Go tools that `make test` runs, installed with
# `go install MODULE@VERSION` (from the module proxy, checked against the
# checksum database like any module) into a per-version cache dir next to
# Go's build cache, so a fresh machine installs each once and later runs
# reuse it (ZHIFA_TOOLS_DIR overrides the dir):
#   $(dirname "$(go env GOCACHE)")/zhifa-tools/NAME-VERSION/NAME
#
# Usage:
#   scripts/tools.sh path NAME       install NAME unless cached; print its path
#   scripts/tools.sh run NAME ARGS   install unless cached, then run it
#
# Tools: staticcheck (honnef.co/go/tools, the linter of `make lint`).
set -euo pipefail

STATICCHECK_VERSION=v0.8.2

tools_log() { printf 'tools: %s\n' "$*" >&2; }

# tool_module NAME prints the module path@version of NAME.
tool_module() {
	case $1 in
	staticcheck) printf 'honnef.co/go/tools/cmd/staticcheck@%s' "$STATICCHECK_VERSION" ;;
	*)
		tools_log "ERROR: unknown tool $1"
		return 1
		;;
	esac
}

tools_dir() {
	local cache
	if [[ -n ${ZHIFA_TOOLS_DIR:-} ]]; then
		printf '%s' "$ZHIFA_TOOLS_DIR"
		return
	fi
	cache=$(go env GOCACHE)
	if [[ $cache != /* ]]; then # GOCACHE=off or unset
		cache=${XDG_CACHE_HOME:-$HOME/.cache}/go-build
	fi
	printf '%s' "$(dirname "$cache")/zhifa-tools"
}

# tool_path NAME installs NAME unless cached and prints its path.
tool_path() {
	local name=$1 mod dir bin tmp start
	mod=$(tool_module "$name")
	dir=$(tools_dir)/$name-${mod##*@}
	bin=$dir/$name
	if [[ -x $bin ]]; then
		printf '%s\n' "$bin"
		return
	fi
	mkdir -p "$dir"
	tmp=$(mktemp -d "$dir/build.XXXXXX")
	tools_log "installing $mod into $dir (once)"
	start=$SECONDS
	# Outside the project's module, GOFLAGS cleared (e.g. -mod=vendor breaks
	# `go install pkg@version`).
	if ! (cd "$tmp" && GOFLAGS= CGO_ENABLED=0 GOBIN="$tmp" go install -trimpath "$mod"); then
		rm -rf "$tmp"
		tools_log "ERROR: could not install $mod"
		return 1
	fi
	mv -f "$tmp/$name" "$bin" # atomic: a killed install leaves no binary
	rm -rf "$tmp"
	tools_log "installed $bin in $((SECONDS - start))s"
	printf '%s\n' "$bin"
}

case ${1:-} in
path)
	tool_path "$2"
	;;
run)
	bin=$(tool_path "$2")
	shift 2
	exec "$bin" "$@"
	;;
*)
	echo "usage: $0 path NAME | run NAME ARGS..." >&2
	exit 2
	;;
esac
