#!/usr/bin/env bash
# The questionnaire page's browser test drives Debian's headless Chromium through its chromedriver
# (Selenium with the driver path set, so nothing is downloaded). Installs both when missing.
set -euo pipefail
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends chromium chromium-driver
else
  echo "chromium/chromedriver missing and not root: the browser test will fail" >&2
fi
