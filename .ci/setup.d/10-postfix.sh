#!/usr/bin/env bash
# Installs what the Postfix adapter's integration tests drive: Postfix (without configuring a
# system instance: the tests build private instances under /tmp), Cyrus SASL (sasldb users),
# swaks, and an OpenSSH server (started on a loopback port by the tests, never as a service).
set -euo pipefail
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "not root or no apt-get: the Postfix integration tests need postfix, sasl2-bin, libsasl2-modules, openssh-server" >&2
  exit 0
fi
echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
. "$(dirname "$0")/../lib/install-quietly.sh"
install_quietly postfix sasl2-bin libsasl2-modules swaks openssh-server openssh-client
# sshd's privilege separation directory (normally made by its systemd unit)
mkdir -p /run/sshd
