# Cobuild — the two commands a newcomer runs are `make demo` and `make test`.
# Every target sets up what it needs first (idempotent: a second run only checks stamps).
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV        := .venv
# static analysis (slither) lives in its own venv: see requirements-security.txt
SEC_VENV    := .venv-security
# halmos (symbolic proofs) lives in its own venv too: see requirements-fuzz.txt
FUZZ_VENV   := .venv-fuzz
# Paths: every recipe runs at the checkout's root, so tools are called by relative paths, and
# every path a recipe names is quoted: the checkout may live in a folder whose path has a space.
BIN         := $(VENV)/bin
PYTHON      := $(BIN)/python
# the toolkit's own entry point (cobuild/cli.py): loads the brownie project, starts its own anvil
# on a free port and calls the script; `brownie run` fails in a folder whose path has a dot
COBUILD     := "$(PYTHON)" -m cobuild
SOLC_VERSION := $(shell sed -n 's/^ *version: *\([0-9][0-9.]*\).*/\1/p' brownie-config.yaml | head -n 1)
export PATH := $(CURDIR)/node_modules/.bin:$(CURDIR)/$(BIN):$(PATH)
# brownie's pytest plugin and our scripts import the project as a package root
export PYTHONPATH := $(CURDIR)
# keep brownie/hypothesis quiet about the terminal when run from CI
export PYTHONUNBUFFERED := 1

PYTEST_ARGS ?=
# `make test` spreads the test files over one worker per core and one more (pytest-xdist,
# brownie's file scheduling), each with an anvil of its own on a free port: a worker often waits
# (on a live chain's clock, a browser, a `make` it started). On 2 cores, pytest took 3:32 and
# 3:38 with 3 workers on fresh clones against 4:35 with 2, and 5:07 with 4 on a built tree against
# 4:13 with 3. TEST_WORKERS=0 runs in one process
TEST_WORKERS ?= $(shell echo $$(( $$(nproc 2>/dev/null || echo 1) + 1 )))
# NETWORK=<brownie network id> runs demo/scenario elsewhere than brownie's default development chain
NETWORK :=
NETWORK_ARG := $(if $(NETWORK),--network "$(NETWORK)",)

.PHONY: help setup installed prepared prereqs shim brownie-test-folder test test-alone fuzz halmos demo lint slither scenario schema bench deploy security coverage verify api-docs watch clean app abi app-abi app-bench chromium

help:
	@echo "make demo     play the seed's car story on a local chain (sets everything up first)"
	@echo "make test     run the whole test suite"
	@echo "make halmos   symbolic proofs of the money arithmetic (fuzz/halmos; docs/security.md)"
	@echo "make fuzz     forge's invariant suites, long profile (>= 1,000,000 calls; README: Invariant fuzzing)"
	@echo "make test-alone  run every test file on its own (FILES=<paths> for some), a table of results"
	@echo "make scenario S=scenarios/<file>.yaml   play any scenario file (report in out/)"
	@echo "make schema   write scenarios/schema.json, the JSON Schema of scenario files (editors)"
	@echo "make deploy NETWORK=<id>   deploy the platform to a brownie network (see README)"
	@echo "make lint     ruff on Python, solhint on Solidity"
	@echo "make watch    notices watcher + JSON feed (RPC=<url> CONTRACTS=<json>, else its own anvil)"
	@echo "make bench    gas benchmark against reference contracts (out/bench.json)"
	@echo "make slither  static analysis; fails on high/medium findings (offline, own venv)"
	@echo "make security slither + the security tests with the deep hypothesis profile"
	@echo "make coverage run the test suite with Solidity statement/branch coverage (slower)"
	@echo "make verify [NETWORK=<id>]  rebuild every deployed contract from its standard-JSON input"
	@echo "              and compare it with the chain (no NETWORK: deploy to a fresh local chain first)"
	@echo "make api-docs write docs/api.md from the interfaces' NatSpec"
	@echo "make app      the dApp on its own local chain with a seed scenario (NETWORK=<chainid> RPC_URL=... for another chain)"
	@echo "make abi      regenerate the npm package of the ABIs (packages/abi) from the build"
	@echo "make setup    only install: venv, node_modules, compiler shim, the dApp build, chromium for its tests"

prereqs:
	@bash tools/check-prereqs.sh

# $(call install,<venv>,<requirements file>[,<more>]): the venv, then its pinned requirements (and
# <more>: the toolkit itself, `-e .`) through uv,
# which installs the same set as pip in a third of the time (15 s against 51 s on a fresh
# clone here, with a cold cache); pip installs them when uv cannot be had. --compile-bytecode
# does what pip does: with PYTHONDONTWRITEBYTECODE set (as on our machines) every process
# would otherwise compile brownie, web3 and the rest from source (3.3 s against 1.3 s to import)
UV_VERSION := 0.13.9
define install
@test -x "$(1)/bin/python" || python3 -m venv "$(1)"
@{ "$(1)/bin/python" -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)" && \
   "$(1)/bin/uv" pip install --quiet --native-tls --compile-bytecode --python "$(1)/bin/python" -r "$(2)" $(3); } || \
 { echo "uv could not install $(2); installing it with pip"; \
   "$(1)/bin/python" -m pip install --quiet --disable-pip-version-check -r "$(2)" $(3); }
@touch "$(1)/.installed"
endef

# the toolkit is installed into its venv too, editable (pyproject.toml): `.venv/bin/cobuild`, and
# `import cobuild` from any folder
$(VENV)/.installed: requirements.txt
	$(call install,$(VENV),requirements.txt,-e ".[toolkit]")

$(SEC_VENV)/.installed: requirements-security.txt
	$(call install,$(SEC_VENV),requirements-security.txt)

$(FUZZ_VENV)/.installed: requirements-fuzz.txt
	$(call install,$(FUZZ_VENV),requirements-fuzz.txt)

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch "$@"

shim: node_modules/.installed
	@bash tools/install-solc-shim.sh "$(SOLC_VERSION)"

# The npm package of the ABIs (packages/abi, the workspace package @cobuild/abi): its committed,
# generated TypeScript sources compiled to dist/ (.js + .d.ts) by tsc (npm ci does it too: the
# package's prepare script)
ABI_PKG := packages/abi
$(ABI_PKG)/dist/index.js: $(wildcard $(ABI_PKG)/src/*.ts) $(ABI_PKG)/tsconfig.json node_modules/.installed
	tsc -p "$(ABI_PKG)"

# the dApp: a static bundle (esbuild) of app/src with the ABIs of @cobuild/abi
APP_SRC := $(wildcard app/src/*) app/build.mjs
app/dist/app.js: $(APP_SRC) $(ABI_PKG)/dist/index.js node_modules/.installed
	node app/build.mjs

# Debian's chromium for the browser tests (tests/app), with a Chinese font (the app's Chinese
# screenshots); installed when missing and possible.
# Two setups at once (two clones) wait for each other's apt lock instead of failing on it.
APT := apt-get -o DPkg::Lock::Timeout=600
BROWSER_PKGS := chromium fonts-wqy-microhei
chromium:
	@{ command -v chromium >/dev/null 2>&1 && { ! command -v fc-list >/dev/null 2>&1 || test -n "$$(fc-list :lang=zh)"; }; } || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing $(BROWSER_PKGS) (Debian packages, for the dApp's browser tests)"; \
	    $(APT) install -y -qq $(BROWSER_PKGS) >/dev/null || { $(APT) update -qq && $(APT) install -y -qq $(BROWSER_PKGS) >/dev/null; } || \
	      echo "warning: could not install $(BROWSER_PKGS); the browser tests (tests/app) will fail: apt-get install $(BROWSER_PKGS)" >&2; \
	  else \
	    echo "warning: the browser tests (tests/app) need $(BROWSER_PKGS): sudo apt-get install $(BROWSER_PKGS)" >&2; \
	  fi; }

# the venv, node_modules and chromium install side by side (each waits on downloads and disk
# for much of its time), then what needs the first two
setup: prereqs
	@$(MAKE) --no-print-directory -j3 installed
	@$(MAKE) --no-print-directory prepared
installed: $(VENV)/.installed node_modules/.installed chromium
	@:
prepared: shim app/dist/app.js
	@:

# brownie's test plugin names the project after the checkout's folder, and refuses a name that
# does not start with a letter (every other target loads the project under a fixed name)
brownie-test-folder:
	@case "$$(basename "$$PWD")" in [A-Za-z]*) ;; *) echo "error: make test needs the checkout's folder name to start with a letter (brownie names the project after it): rename '$$(basename "$$PWD")'" >&2; exit 2 ;; esac

# compile first, in one process: xdist workers that each find no build compile into build/ at
# once and read each other's half-written artifacts (seen on a fresh clone). The whole suite
# shares one folder of solc outputs by input (cobuild/release/build.py, _Memo), and while
# brownie compiles on one core, `cobuild.release warm` fills it on the other with what the
# release tests compile (a targeted run with PYTEST_ARGS skips that, unless WARM=1)
test: setup brownie-test-folder
	@cache="$$(mktemp -d "$${TMPDIR:-/tmp}/cobuild-solc-cache.XXXXXX")"; warm=; \
	trap 'test -z "$$warm" || kill "$$warm" 2>/dev/null; rm -rf "$$cache"' EXIT; \
	export COBUILD_SOLC_CACHE="$$cache"; \
	$(if $(filter 1,$(WARM)),{ "$(PYTHON)" -m cobuild.release warm & warm=$$!; };) \
	echo '$(COBUILD) compile' && $(COBUILD) compile && \
	echo '"$(BIN)/brownie" test $(PYTEST_ARGS) -n $(TEST_WORKERS) $(TEST_DIST)' && \
	"$(BIN)/brownie" test $(PYTEST_ARGS) -n $(TEST_WORKERS) $(TEST_DIST)
# xdist would order the modules by their number of tests; tests/conftest.py orders them by time
TEST_DIST = $(if $(filter 0,$(TEST_WORKERS)),,--dist loadscope --no-loadscope-reorder)
WARM ?= $(if $(PYTEST_ARGS),0,1)

# every test file on its own (one pytest and one anvil per file, JOBS at a time, default the core
# count): a table of file, result and time, logs in out/test-alone/ (issue 31). FILES=<paths>
test-alone: setup brownie-test-folder
	JOBS="$(JOBS)" tools/each-test-file-alone.sh $(FILES)
JOBS ?= $(shell nproc 2>/dev/null || echo 1)

# Invariant fuzzing (issue 31; README "Invariant fuzzing"): forge's invariant suites under
# fuzz/invariant (projects, services, consent) with the long `fuzz` profile of foundry.toml, at
# least 1,000,000 calls in all with a fresh seed; forge's tables (calls and reverts per action),
# then a line per suite and the total with the time (tools/forge_fuzz.py). `make test` runs the
# short `ci` profile (tests/fuzz/test_forge_invariants.py). The halmos proofs run after the
# campaign, which runs whatever they find; the target fails if either does.
fuzz: $(VENV)/.installed node_modules/.installed shim $(FUZZ_VENV)/.installed
	@status=0; "$(PYTHON)" -m tools.forge_fuzz --profile fuzz || status=$$?; \
	$(MAKE) --no-print-directory halmos || status=$$?; exit $$status

# Symbolic proofs of the money arithmetic (issue 31; docs/security.md "What is proved
# symbolically"): halmos runs every check_ of the *Proofs contracts in fuzz/halmos on the
# contracts' own code for symbolic inputs and prints each result (PASS, FAIL with a
# counterexample, TIMEOUT). Its forge build (contracts/ and fuzz/halmos only, with the AST halmos
# reads) goes to forge-out/halmos, apart from the invariant suites'. --loop 4: the loops the
# proofs reach run at most 2 times (a project's parts). The solver is bitwuzla (PyPI wheel, called
# by tools/bitwuzla_smt2.py), which decided the split's queries that yices, halmos' default, did
# not; 10 minutes per query. HALMOS_ARGS='--function check_ratioSplit' runs one proof.
HALMOS_ARGS ?=
halmos: node_modules/.installed shim $(FUZZ_VENV)/.installed
	FOUNDRY_SOLC="$${SOLCX_BINARY_PATH:-$$HOME/.solcx}/solc-v$(SOLC_VERSION)" FOUNDRY_TEST=fuzz/halmos \
	  FOUNDRY_OUT=forge-out/halmos FOUNDRY_CACHE_PATH=forge-cache/halmos \
	  "$(FUZZ_VENV)/bin/halmos" --root . --forge-build-out forge-out/halmos --match-contract 'Proofs$$' \
	  --loop 4 --solver-timeout-assertion 600s \
	  --solver-command "'$(CURDIR)/$(FUZZ_VENV)/bin/python' '$(CURDIR)/tools/bitwuzla_smt2.py' --produce-models" \
	  $(HALMOS_ARGS)

# Solidity statement and branch coverage of contracts/ (without contracts/test and contracts/bench)
# while the whole suite runs on a traced anvil; prints a table, writes out/coverage.json.
# Opt-in: tracing every transaction and call makes it slower than `make test`.
# See docs/coverage.md.
coverage: setup brownie-test-folder
	"$(BIN)/brownie" test $(PYTEST_ARGS) --coverage

# regenerate the ABI package's sources (packages/abi/src, json) from the build and compile it
# (commit src/ and json/; tests/toolkit/release/test_abi_package.py checks they match the build)
abi app-abi: setup
	$(COBUILD) compile
	node $(ABI_PKG)/build.mjs

app: setup
	$(COBUILD) compile
	node app/serve.mjs

# load time and request count of a project page with 1,000 combinations (out/app/load.json)
app-bench: setup
	$(COBUILD) compile
	node app/tools/measure.mjs 1000
	node app/tools/measure-saturday.mjs 1000 100

demo: setup
	$(COBUILD) demo $(NETWORK_ARG)

scenario: setup
	@test -n "$(S)" || { echo "usage: make scenario S=scenarios/<file>.yaml [NETWORK=<id>]" >&2; exit 2; }
	$(COBUILD) scenario "$(S)" $(NETWORK_ARG)

# the JSON Schema of scenario files, for editors, from the format's pydantic models
# (cobuild/scenario/schema.py); tests/scenarios/test_schema.py fails when it is stale
schema: setup
	"$(PYTHON)" tools/scenario_schema.py

# The notices watcher (issue 15): follows RPC (with the addresses in CONTRACTS, a JSON file) or,
# without RPC, its own anvil on a free port with the routing contracts deployed; inbox in WATCH_DB,
# JSON feed on 127.0.0.1 (port printed). Read an inbox: python -m cobuild.routing inbox --db ... ADDR
WATCH_DB ?= out/inbox.sqlite
watch: setup
	@mkdir -p $(dir $(WATCH_DB))
	@$(COBUILD) compile >/dev/null
	$(if $(RPC),$(BIN)/python -m cobuild.routing watch --rpc $(RPC) --contracts $(CONTRACTS) --db $(WATCH_DB),$(BIN)/python -m cobuild.routing local --db $(WATCH_DB))

# Gas of every action against reference contracts measured in the same run; writes out/bench.json.
bench: setup
	$(COBUILD) bench $(NETWORK_ARG)

# Deploy (or reuse) the platform on NETWORK; keys from the environment
# (README, cobuild/commands/deploy.py).
deploy: setup
	$(COBUILD) deploy $(NETWORK_ARG)

lint: setup
	"$(BIN)/ruff" check cobuild scripts tests tools
	"$(BIN)/ruff" format --check cobuild scripts tests tools
	npx --no-install solhint --max-warnings 0 'contracts/**/*.sol' 'interfaces/**/*.sol'
	npx --no-install prettier --check $(JS_LINTED)
	npx --no-install eslint --max-warnings 0 $(JS_LINTED)
# the dApp and its browser tests (.prettierrc.json, eslint.config.mjs; prettier --write fixes the format)
JS_LINTED := app/src app/build.mjs app/serve.mjs app/tools tests/app eslint.config.mjs

# Compiles contracts/ + interfaces/ in one standard-JSON run through the npm solc shim (settings
# from brownie-config.yaml), runs slither with slither.config.json, prints counts by impact.
# Never on PATH: .venv-security/bin has solc-select's downloading `solc` wrapper.
slither: prereqs $(SEC_VENV)/.installed node_modules/.installed shim
	"$(SEC_VENV)/bin/python" tools/slither_run.py

# Static analysis, then the security tests with the deep hypothesis profile (10x the CI examples).
security: setup brownie-test-folder $(SEC_VENV)/.installed
	"$(SEC_VENV)/bin/python" tools/slither_run.py
	COBUILD_HYPOTHESIS=deep "$(BIN)/brownie" test tests/lifecycle tests/services/stateful/test_services_stateful.py $(PYTEST_ARGS)

# For every contract of deployments/<chainid>.json (and every project clone): write its
# standard-JSON input, compile that file alone with the pinned compiler, compare with the chain's
# runtime code (immutables masked, metadata hash compared). One line per contract; exit 1 when any
# is not verified. Without NETWORK: its own anvil on a free port, a fresh deployment, then verify.
verify: setup
	$(COBUILD) verify $(NETWORK_ARG)

# docs/api.md from the NatSpec (userdoc + devdoc) of interfaces/; tests fail when it is stale.
api-docs: setup
	"$(BIN)/python" -m cobuild.release apidoc

clean:
	rm -rf build reports out .hypothesis .pytest_cache
