#!/bin/bash
# Stops what stack-up.sh started (same REPO, STATE, COMPOSE_FILE, PROJECT).
SD=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$SD/../.." && pwd); STATE=${STATE:?}; COMPOSE_FILE=${COMPOSE_FILE:-docker-compose.yml}; PROJECT=${PROJECT:-rw}
export CONTAINERS_CONF="$SD/containers.conf" DOCKER_HOST="unix://$STATE/podman.sock"
(cd "$REPO/compose" && docker-compose -p "$PROJECT" -f "$COMPOSE_FILE" down -v < /dev/null)
for p in healthloop podman-service; do [ -f "$STATE/$p.pid" ] && kill "$(cat "$STATE/$p.pid")" 2>/dev/null; rm -f "$STATE/$p.pid"; done
true
