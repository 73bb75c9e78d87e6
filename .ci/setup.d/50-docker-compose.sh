#!/usr/bin/env bash
# Debian's docker-compose (1.29) validates compose/docker-compose.yml in the tests
# (ComposeStackTest: `docker-compose config -q`). No Docker engine is needed or started.
set -euo pipefail
if ! command -v docker-compose >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends docker-compose >/dev/null
  else
    echo "docker-compose missing and not root: the compose file test will fail" >&2
  fi
fi
v=$(docker-compose version 2>&1); echo "${v%%$'\n'*}"   # no pipe into head under pipefail (SIGPIPE)
