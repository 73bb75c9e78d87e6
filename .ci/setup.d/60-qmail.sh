#!/usr/bin/env bash
# Installs what the qmail adapter's integration tests need to build and run a real qmail + vpopmail relay
# from the sources in src/test/qmail/tarballs (QmailLab builds it once per test JVM, as root): a C
# toolchain, the headers that qmail links against, daemontools and ucspi-tcp (svscan, multilog,
# tcpserver), swaks. Nothing is built or started here.
set -euo pipefail
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "not root or no apt-get: the qmail integration tests need gcc make groff-base libssl-dev libidn2-dev libcrypt-dev daemontools ucspi-tcp swaks" >&2
  exit 0
fi
. "$(dirname "$0")/../lib/install-quietly.sh"
install_quietly gcc g++ make groff-base libssl-dev libidn2-dev libcrypt-dev perl python3 daemontools ucspi-tcp swaks
