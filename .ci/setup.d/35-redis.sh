#!/usr/bin/env bash
# Redis (Debian's redis-server 7.0) for the tests and the benchmark of a cluster whose nodes share
# the policy core's windows and states in Redis. The tests start their own private redis-server on
# a free loopback port (testsupport/RedisServer); the packaged service is not started.
set -euo pipefail
. "$(dirname "$0")/../lib/install-quietly.sh"
install_quietly redis-server redis-tools
if [ -d /run/systemd/system ]; then
  systemctl disable --now redis-server >/dev/null 2>&1 || true
fi
redis-server --version
