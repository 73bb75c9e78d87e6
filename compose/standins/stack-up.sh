#!/bin/bash
# Starts this checkout's compose/docker-compose.yml for real on a Debian 12 machine without a container
# registry: rootful podman (runc), stand-ins for the registry images built from Debian packages (and npm)
# on a base made by mmdebstrap from the machine's own apt mirror, Debian's docker-compose 1.29 talking
# to podman's Docker-compatible socket. Verified: 8 containers, both nodes healthy ~10 min after an
# empty image store (2 cores), 3.4 GB of images.
#   STATE=<work folder> [COMPOSE_FILE=docker-compose.yml[:override.yml...]] [PROJECT=rw] stack-up.sh
# (COMPOSE_FILE as docker-compose reads it: files relative to compose/ or absolute, separated by ':')
# Leaves two background processes (podman's API service, the health-check loop); their PIDs are in
# $STATE/*.pid; stack-down.sh ends them. Needs root.
set -euo pipefail
SD=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$SD/../.." && pwd); STATE=${STATE:?set STATE to a work folder}
export COMPOSE_FILE=${COMPOSE_FILE:-docker-compose.yml}; PROJECT=${PROJECT:-rw}
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
# the stand-in images (from podman's layer cache when built before)
bash "$SD/build-images.sh" > "$STATE/build-images.log" 2>&1 || { cat "$STATE/build-images.log"; exit 1; }
step "stand-in images"
cd "$REPO/compose"
docker-compose -p "$PROJECT" build < /dev/null > "$STATE/compose-build.log" 2>&1; step "compose build"
docker-compose -p "$PROJECT" up -d < /dev/null > "$STATE/compose-up.log" 2>&1; step "compose up -d"
n=0; for i in $(seq 120); do
  n=$(podman ps --filter health=healthy --filter "label=com.docker.compose.project=$PROJECT" --format '{{.Names}}' | grep -c relaywarden || true)
  [ "$n" -ge 2 ] && break; sleep 3
done
step "relaywarden nodes healthy: $n"
podman ps -a --filter "label=com.docker.compose.project=$PROJECT" --format '{{.Names}}\t{{.Status}}'
[ "$n" -ge 2 ]
