#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests (GraphiQL, board). Idempotent; needs root and apt.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then echo "chromium present: $(/usr/bin/chromium --version 2>/dev/null || true)"; exit 0; fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium >/dev/null
echo "installed: $(/usr/bin/chromium --version)"
