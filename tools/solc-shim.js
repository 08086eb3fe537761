#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// A `solc` executable for py-solc-x, backed by the npm `solc` package (soljson, no native binary).
// Installed by tools/setup-solc.sh as $SOLCX_BINARY_PATH/solc-v<version>; the version is read from
// this file's own name so a request for a version we do not have fails loudly instead of silently
// compiling with another one.
//
// Supported calls (what py-solc-x and brownie use):
//   solc-vX --version
//   solc-vX --standard-json [--allow-paths P] [--base-path P] [--include-path P] < input.json
"use strict";

const fs = require("fs");
const path = require("path");

// Where to look for the npm `solc` package: the current project first (brownie runs the compiler
// from the project root), then the checkout that installed this shim (written in by setup).
const INSTALLED_FROM = "__COBUILD_ROOT__";

function fail(message) {
  process.stderr.write(`solc shim: ${message}\n`);
  process.exitCode = 1;
}

// The npm `solc` package found, not yet loaded (loading soljson takes about a second):
// { path: its folder, load(): the package }.
function loadSolc() {
  const roots = [process.cwd()];
  if (!INSTALLED_FROM.startsWith("__")) roots.push(INSTALLED_FROM);
  try {
    const main = require.resolve("solc", { paths: roots });
    return { path: main, load: () => require(main) };
  } catch (err) {
    fail(`the npm package 'solc' is not installed under ${roots.join(" or ")}; run 'make setup'`);
    return null;
  }
}

// `--version` without starting the compiler: py-solc-x asks it once per source file (65 times in
// one `brownie compile`), and loading soljson takes about a second each time. The long version
// is remembered next to this shim, per soljson file, and read again whenever that file changes.
function knownVersion(solc) {
  const soljson = path.join(path.dirname(solc.path), "soljson.js");
  // a hidden name: py-solc-x takes every `solc-v*` in this folder for a compiler
  const self = process.argv[1];
  const memo = path.join(path.dirname(self), `.${path.basename(self)}.versions.json`);
  let stat;
  try {
    stat = fs.statSync(soljson);
  } catch (err) {
    return solc.load().version();
  }
  const stamp = `${stat.size}:${stat.mtimeMs}`;
  let known = {};
  try {
    known = JSON.parse(fs.readFileSync(memo, "utf8"));
  } catch (err) {
    // nothing remembered yet, or a file we cannot read: ask the compiler
  }
  const entry = known[soljson];
  if (entry && entry.stamp === stamp && typeof entry.version === "string") return entry.version;
  const version = solc.load().version();
  known[soljson] = { stamp, version };
  try {
    // written whole, then renamed: another compile reading it meanwhile sees the old file or this
    const part = `${memo}.${process.pid}.part`;
    fs.writeFileSync(part, JSON.stringify(known));
    fs.renameSync(part, memo);
  } catch (err) {
    // a read-only folder: the answer is still right, only not remembered
  }
  return version;
}

function requestedVersion() {
  const match = /solc-v(\d+\.\d+\.\d+)/.exec(path.basename(process.argv[1]));
  return match ? match[1] : null;
}

function optionValues(args, name) {
  const values = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === name && i + 1 < args.length) values.push(...args[i + 1].split(","));
    else if (args[i].startsWith(`${name}=`)) values.push(...args[i].slice(name.length + 1).split(","));
  }
  return values.filter(Boolean);
}

function makeImportCallback(searchRoots) {
  return function findImport(importPath) {
    const candidates = path.isAbsolute(importPath)
      ? [importPath]
      : searchRoots.map((root) => path.resolve(root, importPath));
    for (const candidate of candidates) {
      try {
        return { contents: fs.readFileSync(candidate, "utf8") };
      } catch (err) {
        // try the next root
      }
    }
    return { error: `File not found: ${importPath} (searched ${searchRoots.join(", ")})` };
  };
}

function readStdin() {
  return new Promise((resolve, reject) => {
    const chunks = [];
    process.stdin.on("data", (chunk) => chunks.push(chunk));
    process.stdin.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    process.stdin.on("error", reject);
  });
}

async function main() {
  const args = process.argv.slice(2);
  const solc = loadSolc();
  if (!solc) return;

  const long = args.includes("--version") ? knownVersion(solc) : solc.load().version();
  const have = long.split("+")[0];
  const want = requestedVersion();
  if (want && want !== have) {
    fail(`solc ${want} was requested but node_modules/solc is ${have}; ` +
      `pin "solc": "${want}" in package.json or set compiler.solc.version to ${have}`);
    return;
  }

  if (args.includes("--version")) {
    process.stdout.write(`solc, the solidity compiler commandline interface (npm solc shim)\nVersion: ${long}\n`);
    return;
  }
  if (!args.includes("--standard-json")) {
    fail(`only --version and --standard-json are supported, got: ${args.join(" ") || "(nothing)"}`);
    return;
  }

  const input = await readStdin();
  const roots = [process.cwd(), ...optionValues(args, "--base-path"),
    ...optionValues(args, "--include-path"), ...optionValues(args, "--allow-paths")];
  // soljson may print diagnostics (e.g. ">>> Cannot retry compilation with SMT") through
  // console.log; keep stdout for the JSON alone.
  console.log = (...parts) => process.stderr.write(parts.join(" ") + "\n");
  const output = solc.load().compile(input, { import: makeImportCallback([...new Set(roots)]) });
  // No process.exit(): it would cut a piped stdout at 64 KiB. Node exits once the write drains.
  process.stdout.write(output);
}

main().catch((err) => fail(err && err.stack ? err.stack : String(err)));
