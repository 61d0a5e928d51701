#!/usr/bin/env bash
# Checks the syntax of docker-compose.yml without a Docker engine: `docker-compose config -q` (Debian's
# docker-compose package, Compose v1) or `docker compose config -q` (v2), whichever is installed.
#
#   deploy/check-compose.sh             # exit 2 if neither is installed
#   deploy/check-compose.sh --install   # as root, apt-get install docker-compose first if needed
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v docker-compose >/dev/null 2>&1 && ! docker compose version >/dev/null 2>&1; then
  if [[ "${1:-}" == "--install" ]] && command -v apt-get >/dev/null 2>&1 && [[ $(id -u) -eq 0 ]]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null
  else
    echo "check-compose: neither docker-compose nor 'docker compose' is installed;" \
      "install Debian's docker-compose (apt-get install docker-compose) or run with --install as root" >&2
    exit 2
  fi
fi

if command -v docker-compose >/dev/null 2>&1; then
  docker-compose -f docker-compose.yml config -q
  docker-compose -f docker-compose.yml --profile tools config -q
else
  docker compose -f docker-compose.yml config -q
  docker compose -f docker-compose.yml --profile tools config -q
fi
echo "check-compose: docker-compose.yml is valid"
