#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Install tools/solc-shim.js where py-solc-x looks for compilers:
# $SOLCX_BINARY_PATH (default ~/.solcx) / solc-v<version>. Idempotent: rewrites only on change.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
version=${1:?usage: install-solc-shim.sh <solc version>}
dest_dir=${SOLCX_BINARY_PATH:-$HOME/.solcx}
dest="$dest_dir/solc-v$version"
# paths reach node through the environment, never spliced into code: any folder name works
have=$(COBUILD_ROOT="$root" node -p \
  "require(require('path').join(process.env.COBUILD_ROOT, 'node_modules/solc/package.json')).version" \
  2>/dev/null || true)
if [ "$have" != "$version" ]; then
  echo "error: brownie-config.yaml pins solc $version but node_modules has '${have:-nothing}';" \
       "set \"solc\": \"$version\" in package.json and run 'npm install'" >&2
  exit 1
fi
mkdir -p "$dest_dir"
# written next to its destination and renamed over it: a compile running meanwhile from another
# checkout never sees a half-written shim
tmp=$(mktemp "$dest_dir/.solc-shim.XXXXXX")
trap 'rm -f "$tmp"' EXIT
COBUILD_ROOT="$root" node -e '
  const fs = require("fs");
  const [src, out] = process.argv.slice(1);
  const text = fs.readFileSync(src, "utf8");
  fs.writeFileSync(out, text.replace("\"__COBUILD_ROOT__\"", JSON.stringify(process.env.COBUILD_ROOT)));
' "$root/tools/solc-shim.js" "$tmp"
if [ -f "$dest" ] && cmp -s "$tmp" "$dest"; then
  exit 0
fi
chmod 0755 "$tmp"
mv -f "$tmp" "$dest"
echo "installed solc shim: $dest"
