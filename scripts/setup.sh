#!/usr/bin/env bash
# Idempotent set-up: Python dependencies from the lock file, translations, and with --test the
# browser-test tools (Debian's chromium and axe-core from npm). Seconds when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."
export UV_LINK_MODE=copy

scripts/uv.sh sync --frozen --quiet
scripts/uv.sh run --frozen python -m ipenforce.core.i18n_compile

if [[ "${1:-}" == "--test" ]]; then
  missing=()
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
  fc-list 2>/dev/null | grep -qi dejavu || missing+=(fonts-dejavu-core)
  if ((${#missing[@]})); then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
      echo "setup: installing ${missing[*]} (Debian packages)" >&2
      apt-get update -qq >&2
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
    else
      echo "setup: please install the Debian packages: ${missing[*]}" >&2
      exit 1
    fi
  fi
  if [[ ! -f node_modules/axe-core/axe.min.js || package-lock.json -nt node_modules/.package-lock.json ]]; then
    npm ci --no-audit --no-fund --silent
  fi
fi
