#!/usr/bin/env bash
# Runs before `npm test` (the `pretest` script): brings what the tests need on a fresh Debian machine
# with only Node.js installed, and leaves a machine that already has it untouched.
#   - Redis at 127.0.0.1:6379 (the Redis store's tests; started with nothing kept on disk), from
#     Debian's redis-server package when it is not installed;
#   - Chromium at /usr/bin/chromium (the explorer's browser tests), from Debian's chromium package.
# Installing needs root (or sudo without a password); without it the script says what to install.
set -euo pipefail

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ -x /usr/bin/chromium ] || missing+=(chromium fonts-liberation)

if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    as_root=()
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
  else
    echo "test prerequisites: install ${missing[*]} (Debian packages), e.g. sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
  echo "test prerequisites: installing ${missing[*]} from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

redis_answers() { redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; }
if ! redis_answers; then
  echo "test prerequisites: starting redis-server on 127.0.0.1:6379 (nothing kept on disk)"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
  for _ in $(seq 1 50); do
    redis_answers && break
    sleep 0.1
  done
  redis_answers || { echo "test prerequisites: redis-server did not answer on 127.0.0.1:6379" >&2; exit 1; }
fi
