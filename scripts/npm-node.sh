#!/usr/bin/env bash
# Usage: scripts/npm-node.sh VERSION DIR
# Installs Node.js VERSION from the npm registry's `node` package into DIR (nodejs.org is not needed) and prints
# its installation prefix: PREFIX/bin/node, and PREFIX/include/node, the headers node-gyp builds native modules
# (better-sqlite3) against with npm_config_nodedir=PREFIX. The package brings no npm: the machine's npm runs
# under this Node when PREFIX/bin comes first on PATH.
set -euo pipefail
version="$1"
dir="$2"
mkdir -p "$dir"
# `allowScripts`: the package's preinstall script is what fetches the platform's binary package.
printf '{"name":"node-%s","private":true,"allowScripts":{"node":true}}\n' "$version" >"$dir/package.json"
npm install --prefix "$dir" --no-save --no-package-lock --no-audit --no-fund --loglevel=error "node@$version" >&2

prefix=""
for candidate in "$dir"/node_modules/node/node_modules/node-*/; do
  [[ -x "$candidate/bin/node" && -d "$candidate/include/node" ]] && prefix="${candidate%/}"
done
if [[ -z "$prefix" ]]; then
  echo "npm's node@$version installed no binary with headers under $dir/node_modules/node/node_modules" >&2
  exit 1
fi
actual="$("$prefix/bin/node" --version)"
if [[ "$actual" != "v$version" ]]; then
  echo "$prefix/bin/node is $actual, not v$version" >&2
  exit 1
fi
echo "$prefix"
