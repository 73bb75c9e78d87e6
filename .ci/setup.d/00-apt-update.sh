#!/usr/bin/env bash
# Refresh Debian's package lists once, if any later setup step needs to install something.
set -euo pipefail
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  apt-get update -qq || echo "apt-get update failed; installs below may use an old package list" >&2
fi
