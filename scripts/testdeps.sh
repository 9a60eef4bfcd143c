#!/usr/bin/env bash
# testdeps.sh - make sure the system packages that the full test suite needs
# are present:
#   postgresql          server binaries (initdb, pg_ctl, postgres) for the
#                       throwaway test cluster started by scripts/pgtest.sh
#   chromium            headless browser for the page/PDF tests
#   fonts-wqy-microhei  CJK font so Chinese text renders in pages and PDFs
#   poppler-utils       pdfsig, a standard reader's check of the sealed PDFs
#
# Run as root, it installs whatever is missing with apt-get (one
# `apt-get update` first). Run as a normal user, it cannot install: with
# CI=true a missing component is a hard error (CI must never silently skip),
# otherwise it prints a warning and the tests that need it will skip.
#
# Usage: scripts/testdeps.sh        (exit 0 = everything usable, or warned)
set -euo pipefail

log()  { printf 'testdeps: %s\n' "$*" >&2; }

# pg_bindir prints the newest /usr/lib/postgresql/N/bin that has initdb,
# pg_ctl and postgres, or nothing.
pg_bindir() {
	local d best=""
	for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V); do
		if [[ -x $d/initdb && -x $d/pg_ctl && -x $d/postgres ]]; then
			best=$d
		fi
	done
	printf '%s' "$best"
}

# chromium_path prints the first usable Chromium executable, or nothing.
chromium_path() {
	local c
	for c in "${ZHIFA_CHROMIUM:-}" /usr/bin/chromium "$(command -v chromium 2>/dev/null || true)" \
		"$(command -v chromium-browser 2>/dev/null || true)"; do
		if [[ -n $c && -x $c ]]; then
			printf '%s' "$c"
			return
		fi
	done
}

have_cjk_font() {
	[[ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]] && return 0
	dpkg-query -W -f='${Status}' fonts-wqy-microhei 2>/dev/null | grep -q 'install ok installed'
}

missing=()
[[ -n $(pg_bindir) ]]     || missing+=(postgresql)
[[ -n $(chromium_path) ]] || missing+=(chromium)
have_cjk_font             || missing+=(fonts-wqy-microhei)
command -v pdfsig >/dev/null || missing+=(poppler-utils)

if ((${#missing[@]} == 0)); then
	log "ok: postgresql ($(pg_bindir)), chromium ($(chromium_path)), fonts-wqy-microhei, poppler-utils"
	exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
	log "installing missing packages: ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	# Wait for the dpkg lock instead of failing if someone else is using apt.
	apt_opts=(-o DPkg::Lock::Timeout=600 -o Acquire::Retries=3)
	apt-get "${apt_opts[@]}" update -q
	apt-get "${apt_opts[@]}" install -y -q --no-install-recommends "${missing[@]}"
	still=()
	[[ -n $(pg_bindir) ]]     || still+=(postgresql)
	[[ -n $(chromium_path) ]] || still+=(chromium)
	have_cjk_font             || still+=(fonts-wqy-microhei)
	command -v pdfsig >/dev/null || still+=(poppler-utils)
	if ((${#still[@]} > 0)); then
		log "ERROR: still missing after apt-get install: ${still[*]}"
		exit 1
	fi
	log "ok: installed ${missing[*]}"
	exit 0
fi

if [[ ${CI:-} == true ]]; then
	log "ERROR: missing test dependencies: ${missing[*]}"
	log "ERROR: CI=true and not root, so they cannot be installed here; install them with"
	log "ERROR:   sudo apt-get install -y --no-install-recommends ${missing[*]}"
	exit 1
fi
log "WARNING: missing test dependencies: ${missing[*]}"
log "WARNING: tests that need them will be SKIPPED. Install with:"
log "WARNING:   sudo apt-get install -y --no-install-recommends ${missing[*]}"
exit 0
