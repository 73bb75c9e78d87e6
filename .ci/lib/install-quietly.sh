# Sourced by .ci/setup.d/*.sh and .ci/bench-setup.sh (as root, apt-get): install_quietly PKG...
# installs the packages not installed yet, keeping their own services from starting (a system
# sshd on port 22, a system Postfix, the policy daemons): the tests and benchmarks start private
# instances with their own configuration.
install_quietly() {
  local need=() pkg own_policy=
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
  done
  [ ${#need[@]} -gt 0 ] || return 0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    own_policy=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" </dev/null
  if [ -n "$own_policy" ]; then
    rm -f /usr/sbin/policy-rc.d
  fi
}
