#!/usr/bin/env bash
# Installs what the benchmarks need besides the tests' packages: the two policy daemons that the
# benchmark compares Relaywarden's policy service with (issue #8), Debian's postfwd and
# policyd-rate-limit. Deliberately not in .ci/setup.d: CI does not run the benchmarks.
# Run as root on Debian 12, then: mvn -B -ntp -Pbench verify
# The packages' own services are kept from starting; the benchmark starts private instances on
# loopback ports with its own configuration files.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo ".ci/bench-setup.sh needs root and apt-get (Debian 12)" >&2
  exit 1
fi
# what the tests need as well: Postfix, Cyrus SASL, PostgreSQL, Exim (unpacked into /opt/relaywarden-exim)
bash "$here/.ci/setup.d/00-apt-update.sh"
bash "$here/.ci/setup.d/10-postfix.sh"
bash "$here/.ci/setup.d/30-postgresql.sh"
bash "$here/.ci/setup.d/35-redis.sh"
bash "$here/.ci/setup.d/60-exim.sh"
. "$here/.ci/lib/install-quietly.sh"
install_quietly postfwd policyd-rate-limit
