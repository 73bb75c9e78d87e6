#!/usr/bin/env bash
# promtool and amtool (Debian's prometheus and prometheus-alertmanager) check the sample
# monitoring configuration in compose/.
set -euo pipefail
if ! command -v promtool >/dev/null || ! command -v amtool >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus prometheus-alertmanager >/dev/null
fi
v=$(promtool --version 2>&1); echo "${v%%$'\n'*}"   # no pipe into head under pipefail (SIGPIPE)
