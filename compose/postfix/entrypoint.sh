#!/bin/sh
# Prepares the relay on every start, then runs Postfix in the foreground (sshd in the background).
#  - SSH: a persistent host key (volume /var/lib/relay-ssh); Relaywarden's key pair in the shared
#    volume /keys (made once, handed to Relaywarden's uid), its public key authorized for root,
#    and the relay's host key written to /keys/known_hosts under the name Relaywarden connects to.
#  - SASL: the trial customer kunde@example.test with $RELAY_CUSTOMER_PASSWORD.
#  - The access map exists before Postfix starts (Relaywarden rewrites it on its start and on every change).
set -eu

: "${RELAY_CUSTOMER_PASSWORD:?set RELAY_CUSTOMER_PASSWORD}"
RELAYWARDEN_UID="${RELAYWARDEN_UID:-10001}"
RELAY_SSH_NAME="${RELAY_SSH_NAME:-postfix}"

mkdir -p /var/lib/relay-ssh /run/sshd /root/.ssh /keys /var/log/postfix
if [ ! -s /var/lib/relay-ssh/ssh_host_ed25519_key ]; then
  ssh-keygen -q -t ed25519 -N '' -f /var/lib/relay-ssh/ssh_host_ed25519_key
fi
if [ ! -s /keys/id_ed25519 ]; then
  ssh-keygen -q -t ed25519 -N '' -C relaywarden -f /keys/id_ed25519
fi
chown "$RELAYWARDEN_UID" /keys/id_ed25519
chmod 600 /keys/id_ed25519
cp /keys/id_ed25519.pub /root/.ssh/authorized_keys
chmod 700 /root/.ssh
chmod 600 /root/.ssh/authorized_keys
echo "$RELAY_SSH_NAME $(cut -d ' ' -f 1,2 /var/lib/relay-ssh/ssh_host_ed25519_key.pub)" > /keys/known_hosts
chmod 644 /keys/known_hosts

printf '%s' "$RELAY_CUSTOMER_PASSWORD" | saslpasswd2 -p -f /etc/sasldb2 -c -u example.test kunde
chgrp postfix /etc/sasldb2
chmod 640 /etc/sasldb2

[ -e /etc/postfix/relaywarden_sasl_access ] || touch /etc/postfix/relaywarden_sasl_access
postmap hash:/etc/postfix/relaywarden_sasl_access
postfix check
/usr/sbin/sshd
exec postfix start-fg
