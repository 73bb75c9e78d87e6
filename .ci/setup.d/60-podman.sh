#!/usr/bin/env bash
# Rootful podman and the stand-in images (compose/standins/) for the tests that start containers
# (BalancerOnPodmanTest). Idempotent: the packages and images are made once, then only checked.
set -euo pipefail
cd "$(dirname "$0")/../.."
export CONTAINERS_CONF="$PWD/compose/standins/containers.conf"
if ! command -v podman >/dev/null || ! command -v mmdebstrap >/dev/null || ! command -v runc >/dev/null \
    || [ ! -x /usr/lib/podman/netavark ] || [ ! -x /usr/lib/podman/aardvark-dns ] || ! command -v iptables >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends \
    podman runc netavark aardvark-dns iptables slirp4netns catatonit mmdebstrap ca-certificates >/dev/null
fi
if ! podman image exists localhost/debian:bookworm-local; then
  # the machine's own Debian mirror (first URIs: line of its deb822 sources, or sources.list)
  M=$(grep -h '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1 | awk '{print $2}' || true)
  [ -n "$M" ] || M=$(grep -h '^deb ' /etc/apt/sources.list | head -n 1 | awk '{print $2}')
  S=$(grep -h '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -m1 security || echo "${M%/debian}/debian-security")
  T=$(mktemp -d)
  mmdebstrap --quiet --variant=minbase --include=ca-certificates bookworm "$T/bookworm.tar" \
    "deb $M bookworm main" "deb $M bookworm-updates main" "deb $S bookworm-security main"
  podman import -q --change 'CMD ["/bin/bash"]' --change 'ENV LANG=C.UTF-8' "$T/bookworm.tar" localhost/debian:bookworm-local >/dev/null
  rm -rf "$T"
fi
if ! podman image exists localhost/rw-base:bookworm; then
  # this machine's extra CA certificates (HTTPS to the package registries may be re-signed): in the build
  # context of the moment only, never in the repository
  B=$(mktemp -d); cp -r compose/standins/base/. "$B"
  cp /usr/local/share/ca-certificates/*.crt "$B/" 2>/dev/null || touch "$B/none.crt"
  podman build -q -t localhost/rw-base:bookworm "$B" >/dev/null
  rm -rf "$B"
fi
if ! podman image exists docker.io/library/haproxy:2.8; then
  podman build -q -t docker.io/library/haproxy:2.8 compose/standins/haproxy >/dev/null
fi
podman --version
