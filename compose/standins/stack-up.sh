#!/bin/bash
# Starts this checkout's compose/docker-compose.yml for real on a Debian 12 machine without a container
# registry: rootful podman (runc), stand-ins for the registry images built from Debian packages (and npm)
# on a base made by mmdebstrap from the machine's own apt mirror, Debian's docker-compose 1.29 talking
# to podman's Docker-compatible socket. Verified: 8 containers, both nodes healthy ~10 min after an
# empty image store (2 cores), 3.4 GB of images.
#   STATE=<work folder> [COMPOSE_FILE=docker-compose.yml] [PROJECT=rw] stack-up.sh
# Leaves two background processes (podman's API service, the health-check loop); their PIDs are in
# $STATE/*.pid; stack-down.sh ends them. Needs root.
set -euo pipefail
SD=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$SD/../.." && pwd); STATE=${STATE:?set STATE to a work folder}
COMPOSE_FILE=${COMPOSE_FILE:-docker-compose.yml}; PROJECT=${PROJECT:-rw}
mkdir -p "$STATE"; T0=$(date +%s); step() { echo "[$(( $(date +%s)-T0 )) s] $*"; }
DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends \
  podman runc netavark aardvark-dns mmdebstrap docker-compose ca-certificates >/dev/null
step "packages"
# runc: crun 1.8 refuses this kind of machine's hybrid cgroup layout; ulimits within the VM's hard limits
export CONTAINERS_CONF="$SD/containers.conf"
export DOCKER_HOST="unix://$STATE/podman.sock" COMPOSE_DOCKER_CLI_BUILD=0 DOCKER_BUILDKIT=0
podman system service --time=0 "$DOCKER_HOST" > "$STATE/podman-service.log" 2>&1 & echo $! > "$STATE/podman-service.pid"
# podman runs health checks from systemd timers; without systemd, run them here
( while true; do for c in $(podman ps -q --filter health=starting --filter health=healthy --filter health=unhealthy 2>/dev/null | sort -u); do
    podman healthcheck run "$c" >/dev/null 2>&1 & done; wait; sleep 3; done ) > /dev/null 2>&1 & echo $! > "$STATE/healthloop.pid"
for i in $(seq 50); do [ -S "$STATE/podman.sock" ] && break; sleep 0.2; done
step "podman API + health loop"
if ! podman image exists localhost/debian:bookworm-local; then
  # the machine's own Debian mirror (first URIs: line of its deb822 sources)
  M=$(grep -h '^URIs:' /etc/apt/sources.list.d/*.sources | head -n 1 | awk '{print $2}')
  S=$(grep -h '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -m1 security || echo "${M%/debian}/debian-security")
  mmdebstrap --quiet --variant=minbase --include=ca-certificates bookworm "$STATE/bookworm.tar" \
    "deb $M bookworm main" "deb $M bookworm-updates main" "deb $S bookworm-security main"
  podman import -q --change 'CMD ["/bin/bash"]' --change 'ENV LANG=C.UTF-8' "$STATE/bookworm.tar" localhost/debian:bookworm-local >/dev/null
  rm -f "$STATE/bookworm.tar"
fi
podman tag localhost/debian:bookworm-local docker.io/library/debian:bookworm-slim
step "base image"
# extra CA certificates of this machine (HTTPS to the package registries may be re-signed), never committed
B="$STATE/base-context"; rm -rf "$B"; cp -r "$SD/base" "$B"; cp /usr/local/share/ca-certificates/*.crt "$B/" 2>/dev/null || true
ls "$B"/*.crt >/dev/null 2>&1 || touch "$B/none.crt"
podman build -q -t localhost/rw-base:bookworm "$B" >/dev/null
for pair in maven:docker.io/library/maven:3.9-eclipse-temurin-17 jre:docker.io/library/eclipse-temurin:17-jre \
            postgres:docker.io/library/postgres:16 haproxy:docker.io/library/haproxy:2.8 mailpit:docker.io/axllent/mailpit:v1.21 \
            prometheus:docker.io/prom/prometheus:v2.53.2 alertmanager:docker.io/prom/alertmanager:v0.27.0; do
  podman build -q -t "${pair#*:}" "$SD/${pair%%:*}" > "$STATE/build-${pair%%:*}.log" 2>&1; step "stand-in ${pair#*:}"
done
cd "$REPO/compose"
docker-compose -p "$PROJECT" -f "$COMPOSE_FILE" build < /dev/null > "$STATE/compose-build.log" 2>&1; step "compose build"
docker-compose -p "$PROJECT" -f "$COMPOSE_FILE" up -d < /dev/null > "$STATE/compose-up.log" 2>&1; step "compose up -d"
n=0; for i in $(seq 120); do
  n=$(podman ps --filter health=healthy --format '{{.Names}}' | grep -c relaywarden || true); [ "$n" -ge 2 ] && break; sleep 3
done
step "relaywarden nodes healthy: $n"
podman ps -a --format '{{.Names}}\t{{.Status}}'
