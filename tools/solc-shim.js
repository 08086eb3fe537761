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

  // remembered per soljson file: a compile answered from the cache below never loads soljson
  const long = knownVersion(solc);
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
  const findImport = makeImportCallback([...new Set(roots)]);
  const cache = outputCache(long, input, findImport);
  let output = cache.get();
  if (output === null) {
    // soljson may print diagnostics (e.g. ">>> Cannot retry compilation with SMT") through
    // console.log; keep stdout for the JSON alone.
    console.log = (...parts) => process.stderr.write(parts.join(" ") + "\n");
    output = solc.load().compile(input, { import: cache.recording(findImport) });
    cache.put(output);
  }
  // No process.exit(): it would cut a piped stdout at 64 KiB. Node exits once the write drains.
  process.stdout.write(output);
}

// The input with every object's keys in order: brownie lists the sources in a different order
// from one run to the next, and solc's output does not depend on that order (it sorts them).
function canonical(input) {
  const sorted = (value) => {
    if (Array.isArray(value)) return value.map(sorted);
    if (value === null || typeof value !== "object") return value;
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sorted(value[key])]));
  };
  try {
    return JSON.stringify(sorted(JSON.parse(input)));
  } catch (err) {
    return input; // not JSON: solc reports that, and the report is cached like any output
  }
}

// Outputs by input, shared by every compile of a test run: when COBUILD_SOLC_CACHE names a folder
// (`make test` sets it), a compilation whose input, compiler and imported files are all the same
// as an earlier one's returns that output instead of running soljson again (a full compile of
// contracts/ takes tens of CPU seconds; the suite compiles the same input in several checkouts:
// tests/toolkit/test_any_folder's clone, the release rehearsal). The key is the compiler's long version
// and the input (its keys in order); each file the compiler read through the import callback is remembered
// by its path as asked and the SHA-256 of its contents, and the output is reused only while the
// same path still resolves to the same contents. solc's output is a function of exactly these.
function outputCache(version, input, findImport) {
  const folder = process.env.COBUILD_SOLC_CACHE;
  const crypto = require("crypto");
  const digest = (text) => crypto.createHash("sha256").update(text).digest("hex");
  const file = folder ? path.join(folder, `solc-${digest(`${version}\0${canonical(input)}`)}.json`) : null;
  const reads = {};
  return {
    get() {
      if (!file) return null;
      let entry;
      try {
        entry = JSON.parse(fs.readFileSync(file, "utf8"));
      } catch (err) {
        return null; // not compiled yet, or written by a compile that has not finished
      }
      for (const [asked, sha] of Object.entries(entry.reads)) {
        const found = findImport(asked);
        if (found.contents === undefined || digest(found.contents) !== sha) return null;
      }
      return entry.output;
    },
    recording(callback) {
      return (asked) => {
        const found = callback(asked);
        if (found.contents !== undefined) reads[asked] = digest(found.contents);
        return found;
      };
    },
    put(output) {
      if (!file) return;
      try {
        // written whole, then renamed: a compile reading it meanwhile sees nothing or all of it
        const part = `${file}.${process.pid}.part`;
        fs.writeFileSync(part, JSON.stringify({ reads, output }));
        fs.renameSync(part, file);
      } catch (err) {
        // a folder we cannot write: the output is still right, only not shared
      }
    },
  };
}

main().catch((err) => fail(err && err.stack ? err.stack : String(err)));
