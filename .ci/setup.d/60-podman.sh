#!/usr/bin/env bash
# Rootful podman and the stand-in images (compose/standins/) for the tests that start containers
# (BalancerOnPodmanTest, ComposeStackScenarioTest). Idempotent: the packages and images are made once, then only checked.
set -euo pipefail
cd "$(dirname "$0")/../.."
export CONTAINERS_CONF="$PWD/compose/standins/containers.conf"
if ! command -v podman >/dev/null || ! command -v mmdebstrap >/dev/null || ! command -v runc >/dev/null \
    || [ ! -x /usr/lib/podman/netavark ] || [ ! -x /usr/lib/podman/aardvark-dns ] || ! command -v iptables >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends \
    podman runc netavark aardvark-dns iptables slirp4netns catatonit mmdebstrap ca-certificates >/dev/null
fi
# every stand-in image (ComposeStackScenarioTest starts the whole stack; BalancerOnPodmanTest the balancer)
bash compose/standins/build-images.sh
podman --version
