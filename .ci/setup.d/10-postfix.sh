#!/usr/bin/env bash
# Installs what the Postfix adapter's integration tests drive: Postfix (without configuring a
# system instance: the tests build private instances under /tmp), Cyrus SASL (sasldb users),
# swaks, and an OpenSSH server (started on a loopback port by the tests, never as a service).
set -euo pipefail
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "not root or no apt-get: the Postfix integration tests need postfix, sasl2-bin, libsasl2-modules, openssh-server" >&2
  exit 0
fi
need=()
for pkg in postfix sasl2-bin libsasl2-modules swaks openssh-server openssh-client; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  # keep the packages' own services from starting (a system sshd on port 22, a system Postfix)
  own_policy=
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    own_policy=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" </dev/null
  if [ -n "$own_policy" ]; then
    rm -f /usr/sbin/policy-rc.d
  fi
fi
# sshd's privilege separation directory (normally made by its systemd unit)
mkdir -p /run/sshd
