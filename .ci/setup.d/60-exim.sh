#!/usr/bin/env bash
# Exim 4.96 (Debian's exim4-daemon-heavy) for the Exim adapter's integration tests, WITHOUT
# installing the package: exim4 and postfix both provide mail-transport-agent, so
# `apt-get install exim4-daemon-heavy` would remove the Postfix the other tests drive. The .debs
# are downloaded and unpacked into /opt/relaywarden-exim; only their libraries are installed with
# apt. The tests run /opt/relaywarden-exim/usr/sbin/exim4 -C <private config> (own spool, log,
# ports); nothing is started here. Exim resolves its compiled-in user Debian-exim at start, so
# that system user is created as the package would.
set -euo pipefail
PREFIX=/opt/relaywarden-exim
VERSION_WANTED=4.96
if [ -x "$PREFIX/usr/sbin/exim4" ] && [ -x "$PREFIX/usr/sbin/exipick" ] \
    && [[ "$("$PREFIX/usr/sbin/exim4" -C /dev/null -bV 2>/dev/null || true)" == *"Exim version $VERSION_WANTED"* ]]; then
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "not root or no apt-get: the Exim integration tests need $PREFIX (see this script)" >&2
  exit 0
fi
. "$(dirname "$0")/../lib/install-quietly.sh"
# exim4-daemon-heavy's and exim4-base's library dependencies (apt-cache depends), perl for exipick
install_quietly libc6 libcrypt1 libdb5.3 libgnutls-dane0 libgnutls30 libidn12 libidn2-0 libldap-2.5-0 \
  libmariadb3 libnsl2 libpam0g libpcre2-8-0 libperl5.36 libpq5 libsasl2-2 libspf2-2 libsqlite3-0 perl
getent group Debian-exim >/dev/null || groupadd --system Debian-exim
getent passwd Debian-exim >/dev/null \
  || useradd --system --gid Debian-exim --home-dir /var/spool/exim4 --no-create-home --shell /usr/sbin/nologin Debian-exim
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
( cd "$work" && apt-get download -qq exim4-daemon-heavy exim4-base 2>/dev/null )
rm -rf "$PREFIX.new"
mkdir -p "$PREFIX.new"
for deb in "$work"/*.deb; do
  dpkg-deb -x "$deb" "$PREFIX.new"
done
# exipick calls /usr/sbin/exim only without --spool; point it at this copy anyway
sed -i "s|^my \$exim  = '/usr/sbin/exim';|my \$exim  = '$PREFIX/usr/sbin/exim4';|" "$PREFIX.new/usr/sbin/exipick"
# exim must be setuid root to receive SMTP as root-started daemon and to run -M as another user;
# dpkg-deb -x keeps the mode bits
rm -rf "$PREFIX"
mv "$PREFIX.new" "$PREFIX"
# the whole output into a variable, then its first line: a pipe into head under pipefail fails
# with SIGPIPE (141) when head closes before the writer is done
v=$("$PREFIX/usr/sbin/exim4" -C /dev/null -bV); echo "${v%%$'\n'*}"
"$PREFIX/usr/sbin/exipick" --help >/dev/null
