#!/usr/bin/env bash
# Install tools/solc-shim.js where py-solc-x looks for compilers:
# $SOLCX_BINARY_PATH (default ~/.solcx) / solc-v<version>. Idempotent: rewrites only on change.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
version=${1:?usage: install-solc-shim.sh <solc version>}
dest_dir=${SOLCX_BINARY_PATH:-$HOME/.solcx}
dest="$dest_dir/solc-v$version"
have=$(node -p "require('$root/node_modules/solc/package.json').version" 2>/dev/null || true)
if [ "$have" != "$version" ]; then
  echo "error: brownie-config.yaml pins solc $version but node_modules has '${have:-nothing}';" \
       "set \"solc\": \"$version\" in package.json and run 'npm install'" >&2
  exit 1
fi
mkdir -p "$dest_dir"
tmp=$(mktemp)
sed "s|__COBUILD_ROOT__|$root|" "$root/tools/solc-shim.js" > "$tmp"
if [ -f "$dest" ] && cmp -s "$tmp" "$dest"; then
  rm -f "$tmp"
  exit 0
fi
install -m 0755 "$tmp" "$dest"
rm -f "$tmp"
echo "installed solc shim: $dest"
