#!/usr/bin/env bash
# PostgreSQL (Debian package) for the tests that run Relaywarden on PostgreSQL. The tests start
# their own private cluster (initdb in a temporary folder, loopback port); the packaged
# cluster is not used.
set -euo pipefail
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
ls /usr/lib/postgresql/*/bin/initdb
