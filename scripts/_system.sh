# Sourced by the scripts: the Debian packages the project needs beyond Python.
#   always:                 pkg-config, libicu-dev (PyICU, used by name transliteration)
#   with TRADEGUARD_BROWSER=1: chromium (the dashboard's browser tests)
need=()
if ! { command -v pkg-config >/dev/null 2>&1 && pkg-config --exists icu-uc; }; then
  need+=(pkg-config libicu-dev)
fi
if [ "${TRADEGUARD_BROWSER:-0}" = 1 ] && ! command -v chromium >/dev/null 2>&1; then
  need+=(chromium)
fi
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "TradeGuard needs these Debian packages: sudo apt-get install ${need[*]}" >&2
    exit 1
  fi
fi
