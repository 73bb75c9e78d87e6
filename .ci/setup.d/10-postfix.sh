#!/usr/bin/env bash
# Installs what the Postfix adapter's integration tests drive: Postfix (without configuring a
# system instance: the tests build private instances), Cyrus SASL (sasldb users), swaks, and an
# OpenSSH server (started on a loopback port by the tests, never as a system service).
set -euo pipefail
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "not root or no apt-get: the Postfix integration tests need postfix, sasl2-bin, openssh-server" >&2
  exit 0
fi
need=()
for pair in postfix:/usr/sbin/postfix sasl2-bin:/usr/sbin/saslpasswd2 libsasl2-modules:/usr/lib/x86_64-linux-gnu/sasl2/libplain.so \
            swaks:/usr/bin/swaks openssh-server:/usr/sbin/sshd openssh-client:/usr/bin/ssh-keygen; do
  pkg=${pair%%:*}; file=${pair#*:}
  if ! dpkg -s "$pkg" >/dev/null 2>&1; then need+=("$pkg"); fi
done
if [ ${#need[@]} -gt 0 ]; then
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" </dev/null
fi
# the Debian package may start nothing, but make sure no system instance or sshd runs from the install
mkdir -p /run/sshd
