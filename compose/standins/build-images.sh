#!/bin/bash
# Builds the stand-in images (README.md here) with rootful podman and tags them with the names
# ../docker-compose.yml uses. The Debian base is made once; the images are built every time, from
# podman's layer cache when their context has not changed (a few seconds).
# Needs podman, mmdebstrap and root; the CONTAINERS_CONF of this folder. Used by stack-up.sh and by
# .ci/setup.d/60-podman.sh.
set -euo pipefail
SD=$(cd "$(dirname "$0")" && pwd)
export CONTAINERS_CONF="$SD/containers.conf"
if ! podman image exists localhost/debian:bookworm-local; then
  # the machine's own Debian mirror (first URIs: line of its deb822 sources, or sources.list)
  M=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
  [ -n "$M" ] || M=$(awk '/^deb / {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
  S=$(awk '/^URIs:/ && /security/ {print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true); [ -n "$S" ] || S=$(echo "${M%/debian}/debian-security")
  T=$(mktemp -d)
  mmdebstrap --quiet --variant=minbase --include=ca-certificates bookworm "$T/bookworm.tar" \
    "deb $M bookworm main" "deb $M bookworm-updates main" "deb $S bookworm-security main"
  podman import -q --change 'CMD ["/bin/bash"]' --change 'ENV LANG=C.UTF-8' "$T/bookworm.tar" localhost/debian:bookworm-local >/dev/null
  rm -rf "$T"
fi
podman tag localhost/debian:bookworm-local docker.io/library/debian:bookworm-slim
# this machine's extra CA certificates (HTTPS to the package registries may be re-signed): in the build
# context of the moment only, never in the repository
B=$(mktemp -d); cp -r "$SD/base/." "$B"
cp /usr/local/share/ca-certificates/*.crt "$B/" 2>/dev/null || touch "$B/none.crt"
podman build -q -t localhost/rw-base:bookworm "$B" >/dev/null
rm -rf "$B"
for pair in haproxy:docker.io/library/haproxy:2.8 maven:docker.io/library/maven:3.9-eclipse-temurin-17 \
            jre:docker.io/library/eclipse-temurin:17-jre postgres:docker.io/library/postgres:16 \
            mailpit:docker.io/axllent/mailpit:v1.21 prometheus:docker.io/prom/prometheus:v2.53.2 \
            alertmanager:docker.io/prom/alertmanager:v0.27.0 redis:docker.io/library/redis:7.0; do
  podman build -q -t "${pair#*:}" "$SD/${pair%%:*}" >/dev/null
  echo "stand-in ${pair#*:}"
done
