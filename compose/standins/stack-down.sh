#!/bin/bash
# Stops what stack-up.sh started (same REPO, STATE, COMPOSE_FILE, PROJECT).
SD=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$SD/../.." && pwd); STATE=${STATE:?}; export COMPOSE_FILE=${COMPOSE_FILE:-docker-compose.yml}; PROJECT=${PROJECT:-rw}
export CONTAINERS_CONF="$SD/containers.conf" DOCKER_HOST="unix://$STATE/podman.sock"
# down needs no passwords, but the compose file refuses to be read without them (compose/.env may be gone)
export RELAYWARDEN_DB_PASSWORD=${RELAYWARDEN_DB_PASSWORD:-unused} RELAYWARDEN_ADMIN_PASSWORD=${RELAYWARDEN_ADMIN_PASSWORD:-unused} \
  RELAY_CUSTOMER_PASSWORD=${RELAY_CUSTOMER_PASSWORD:-unused}
# podman's API service gone (a run killed before its teardown): one for the time of the down
if ! { [ -f "$STATE/podman-service.pid" ] && kill -0 "$(cat "$STATE/podman-service.pid")" 2>/dev/null; }; then
  mkdir -p "$STATE"; podman system service --time=0 "$DOCKER_HOST" > /dev/null 2>&1 & echo $! > "$STATE/podman-service.pid"
  for i in $(seq 50); do [ -S "$STATE/podman.sock" ] && break; sleep 0.2; done
fi
(cd "$REPO/compose" && docker-compose -p "$PROJECT" down -v < /dev/null)
for p in healthloop podman-service; do [ -f "$STATE/$p.pid" ] && kill "$(cat "$STATE/$p.pid")" 2>/dev/null; rm -f "$STATE/$p.pid"; done
true
