# SPDX-License-Identifier: MIT
"""Shared fixtures: named accounts (session), the platform (module), a project factory, and the
payment asset, parametrized over ETH and an ERC-20 where a module asks for `money`."""

import json
import os
import random
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from actor_fixtures import actor_fixture
from brownie import TestToken, accounts

from cobuild import brownie_adapter
from cobuild.chain.lifecycle import advance_to, deliver_all, finalize, pass_all
from cobuild.chain.money import Money
from cobuild.chain.platform import ProjectSpec, deploy_platform
from cobuild.chain.platform import open_project as open_on_factory
from cobuild.chain.snapshot import LazySnapshots, Snapshot
from cobuild.protocol import Phase

# The longest modules first, longest to shortest as measured on a fresh clone (its
# out/test-times.json, seed 116428): `make test` hands whole modules to its workers (`--dist
# loadscope --no-loadscope-reorder`, so a module's fixtures are built once), and a long module
# that starts last keeps one worker busy while the others have nothing left to do. The live
# rehearsal leads: most of its minute is spent waiting for a live chain's clock, while
# `cobuild.release warm` may still be compiling on that core.
LONGEST_FIRST = (
    "tests/scenarios/test_live_rehearsal.py",
    "tests/app/test_app_newcomer.py",
    "tests/fuzz/test_forge_invariants.py",
    "tests/production/test_seed_run.py",
    "tests/app/test_app_saturday.py",
    "tests/scenarios/test_report_as_json.py",
    "tests/toolkit/test_any_folder.py",
    "tests/toolkit/release/test_verify_deployment.py",
    "tests/app/test_app_browser.py",
    "tests/routing/test_public_rpc_limits.py",
    "tests/toolkit/test_chain_port.py",
    "tests/lifecycle/adversarial/test_hostile_receivers_every_role.py",
    "tests/scenarios/test_chain_restart.py",
    "tests/consent/stateful/test_consent_stateful.py",
    "tests/lifecycle/stateful/test_stateful_money.py",
    "tests/toolkit/release/test_reproducible_builds.py",
    "tests/services/stateful/test_services_stateful.py",
    "tests/toolkit/test_installed_package.py",
    "tests/production/test_verdicts_of_a_majority_panel.py",
    "tests/sharing/adversarial/test_late_stakes_take_no_revenue.py",
    "tests/selection/test_selection_gas.py",
    "tests/services/test_activity_attendance.py",
    "tests/scenarios/test_scenarios.py",
    "tests/production/adversarial/test_hostile_receivers.py",
    "tests/selection/test_seed_selection.py",
)


def _rank(item) -> int:
    path = item.nodeid.split("::")[0]
    return LONGEST_FIRST.index(path) if path in LONGEST_FIRST else len(LONGEST_FIRST)


# Random order (issue 31: every test stands alone): the modules in a seeded order, and the tests
# within each module; then the longest modules first as above (a stable sort), so the others are
# spread in random order and xdist's loadscope scheduling still gets whole modules, longest first.
# Tests that share a module- or class-scoped parameter (`money`'s eth and erc20) stay together, as
# pytest groups them, so no module fixture is built twice. The seed is printed in the header and
# the summary; COBUILD_TEST_SEED=<n> replays an order, COBUILD_TEST_SEED=off keeps the files'.
SEED_VARIABLE = "COBUILD_TEST_SEED"


def _seed() -> int | None:
    value = os.environ.get(SEED_VARIABLE, "").strip()
    if value.lower() == "off":
        return None
    try:
        return int(value)
    except ValueError:
        raise pytest.UsageError(f"{SEED_VARIABLE}: a whole number or off, not {value!r}") from None


def _scope_key(item) -> tuple:
    """The class and the wider-than-a-test parameters an item shares with its neighbours."""
    callspec = getattr(item, "callspec", None)
    shared = ()
    if callspec is not None:
        shared = tuple(
            sorted(
                (name, callspec.indices[name])
                for name, scope in callspec._arg2scope.items()
                if getattr(scope, "value", scope) != "function" and name in callspec.indices
            )
        )
    return (getattr(item.cls, "__qualname__", None), shared)


def _runs(items, key) -> list[list]:
    """`items` cut into runs of neighbours with the same key (each run kept whole)."""
    runs: list[list] = []
    for item in items:
        if runs and key(runs[-1][0]) == key(item):
            runs[-1].append(item)
        else:
            runs.append([item])
    return runs


def _shuffled(items, seed: int) -> list:
    rng = random.Random(seed)
    modules = _runs(items, key=lambda item: item.nodeid.split("::")[0])
    rng.shuffle(modules)
    ordered = []
    for module in modules:
        groups = _runs(module, key=_scope_key)
        rng.shuffle(groups)
        for group in groups:
            rng.shuffle(group)
            ordered.extend(group)
    return ordered


def pytest_collection_modifyitems(config, items):
    """The tests in a seeded random order, the longest modules first (a stable sort: the others
    keep their random order). `make coverage` (brownie test --coverage) leaves out the
    gas-burning cases: under the step tracing of its anvil one records millions of steps, and
    reaches no code the others do not."""
    seed = _seed()
    if seed is not None:
        items[:] = _shuffled(items, seed)
    items.sort(key=_rank)
    if not config.getoption("coverage", default=False):
        return
    kept = [item for item in items if "burns_gas" not in item.keywords]
    config.hook.pytest_deselected(items=[item for item in items if "burns_gas" in item.keywords])
    items[:] = kept


def pytest_report_header(config):
    seed = _seed()
    if seed is None:
        return f"test order: the files' ({SEED_VARIABLE}=off)"
    return f"test order: random, seed {seed} (replay: {SEED_VARIABLE}={seed})"


# Where the time goes: the controller adds up every module's setup, call and teardown times as
# the reports come in (from the xdist workers too), writes them to out/test-times.json, longest
# first, and prints the ten longest at the end: the figures LONGEST_FIRST is ordered by.
_MODULE_SECONDS: dict[str, float] = {}
TIMES_FILE = "out/test-times.json"
# ... and the processor time each module took (issue 31: `make test` is CPU-bound on 2 cores, so
# wall seconds under load say less than CPU seconds): each worker reports, with every phase of a
# test, the CPU its process tree used since its previous report (itself, its reaped children,
# and its live descendants: its anvil, a browser, a `make` it started), written by the controller
# to out/test-cpu.json
_MODULE_CPU: dict[str, float] = {}
CPU_FILE = "out/test-cpu.json"
CPU_PROPERTY = "cobuild_cpu_seconds"
_cpu_mark: list[float] = []


def _tree_cpu_seconds() -> float:
    """CPU seconds of this process, its reaped children and its live descendants."""
    own = os.times()
    total = own.user + own.system + own.children_user + own.children_system
    try:
        import psutil

        for child in psutil.Process().children(recursive=True):
            try:
                times = child.cpu_times()
                total += times.user + times.system
            except psutil.Error:
                pass
    except ImportError:  # psutil arrives with brownie; without it, the process alone
        pass
    return total


@pytest.hookimpl(hookwrapper=True)
def pytest_runtestloop(session):
    _cpu_mark[:] = [_tree_cpu_seconds()]  # start-up and collection are not any module's
    yield


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    now = _tree_cpu_seconds()
    used = now - _cpu_mark[0] if _cpu_mark else now
    _cpu_mark[:] = [now]
    outcome.get_result().user_properties.append((CPU_PROPERTY, round(max(used, 0.0), 3)))


def pytest_runtest_logreport(report):
    module = report.nodeid.split("::")[0]
    _MODULE_SECONDS[module] = _MODULE_SECONDS.get(module, 0.0) + report.duration
    for name, value in report.user_properties:
        if name == CPU_PROPERTY:
            _MODULE_CPU[module] = _MODULE_CPU.get(module, 0.0) + float(value)


def pytest_terminal_summary(terminalreporter, config):
    if hasattr(config, "workerinput"):
        return
    seed = _seed()
    if seed is not None:
        terminalreporter.write_line(f"random test order: replay with {SEED_VARIABLE}={seed}")
    if not _MODULE_SECONDS:
        return
    longest = sorted(_MODULE_SECONDS.items(), key=lambda kv: -kv[1])
    path = os.path.join(str(config.rootpath), TIMES_FILE)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as out:
        json.dump({module: round(seconds, 2) for module, seconds in longest}, out, indent=1)
    terminalreporter.write_line(
        f"longest modules (seconds of setup, call and teardown; all in {TIMES_FILE}):"
    )
    for module, seconds in longest[:10]:
        terminalreporter.write_line(f"  {seconds:7.1f}  {module}")
    if not _MODULE_CPU:
        return
    busiest = sorted(_MODULE_CPU.items(), key=lambda kv: -kv[1])
    with open(os.path.join(str(config.rootpath), CPU_FILE), "w") as out:
        json.dump({module: round(seconds, 1) for module, seconds in busiest}, out, indent=1)
    terminalreporter.write_line(
        f"processor time: {sum(_MODULE_CPU.values()):.0f} CPU seconds in the tests' processes "
        f"(without collection and start-up); the ten busiest modules (all in {CPU_FILE}):"
    )
    for module, seconds in busiest[:10]:
        terminalreporter.write_line(f"  {seconds:7.1f}  {module}")


def _path_parts(arg: str) -> tuple[str, ...]:
    return Path(arg.split("::")[0]).parts


def pytest_configure(config):
    # the file arguments in path order, each folder's files together: pytest 9.1.1 (pinned by
    # eth-brownie 1.22.2) drops a folder's conftest fixtures for its files named after a file of a
    # parent folder (`tests/release/a.py tests/b.py tests/release/c.py`: "fixture 'release_build'
    # not found" for c.py; pytest-dev/pytest#14971, fixed after 9.1.1). The order they run in is
    # the seeded one below, whatever the order of the arguments
    config.args[:] = sorted(config.args, key=_path_parts)
    # one seed for the run, chosen before xdist starts its workers: they inherit it and so collect
    # the same order (they must)
    if not hasattr(config, "workerinput") and not os.environ.get(SEED_VARIABLE, "").strip():
        os.environ[SEED_VARIABLE] = str(random.SystemRandom().randrange(10**6))
        config.add_cleanup(lambda: os.environ.pop(SEED_VARIABLE, None))
    # one solc output per input for the whole run: its workers and the commands its tests start
    # share a folder (cobuild/release/build.py, _Memo); a test of reproducibility compiles fresh
    if not hasattr(config, "workerinput") and "COBUILD_SOLC_CACHE" not in os.environ:
        os.environ["COBUILD_SOLC_CACHE"] = tempfile.mkdtemp(prefix="cobuild-solc-cache-")
        config.add_cleanup(lambda: shutil.rmtree(os.environ.pop("COBUILD_SOLC_CACHE")))
    # our own anvil on a free port: brownie would attach to anything listening on 8545
    from cobuild.chain.node import use_free_port

    use_free_port()
    # `brownie test --coverage` (make coverage): Solidity coverage on anvil, see docs/coverage.md
    from tools.coverage.plugin import install

    install(config)


# Isolation: raw evm_snapshot/evm_revert (cobuild/chain/snapshot.py) instead of brownie's
# module_isolation/fn_isolation, whose every revert costs a garbage collection and a request per
# deployed contract. A snapshot is taken on a level's first request to the chain, so a module or a
# test that never touches it costs nothing.
_CHAIN = LazySnapshots()


@pytest.fixture(scope="session", autouse=True)
def _watch_chain_requests():
    _CHAIN.install(brownie_adapter.watch_posts, brownie_adapter.unwatch_posts)
    yield
    _CHAIN.uninstall()


@pytest.fixture(scope="module", autouse=True)
def module_chain(_watch_chain_requests):
    """Every module starts from the chain as the session found it (and leaves it so)."""
    with _CHAIN.level():
        yield


@pytest.fixture(autouse=True)
def isolation(module_chain):
    """Every test starts from the state its module's fixtures built."""
    with _CHAIN.level():
        yield


@pytest.fixture
def chain_levels():
    """The open isolation levels (session watcher, module, test), for the isolation's own tests."""
    return _CHAIN


@pytest.fixture(scope="session", autouse=True)
def cached_chain_id():
    """Let web3 cache eth_chainId, which its validation middleware otherwise asks the node for
    before every call and transaction (a fifth of a long test's time); the chain id of the test
    network never changes during a session."""
    from brownie import web3

    provider = web3.provider
    caching = (provider.cache_allowed_requests, provider.cacheable_requests)
    provider.cache_allowed_requests, provider.cacheable_requests = True, {"eth_chainId"}
    yield
    provider.cache_allowed_requests, provider.cacheable_requests = caching


# ---------------------------------------------------------------- named accounts


@pytest.fixture(scope="session")
def deployer():
    return accounts[0]


@pytest.fixture(scope="session")
def treasury():
    return accounts[1]


@pytest.fixture(scope="session")
def creator():
    return accounts[2]


@pytest.fixture(scope="session")
def makers():
    """Three makers; tests give maker i the options of dimension i unless they say otherwise."""
    return [accounts[3], accounts[4], accounts[5]]


@pytest.fixture(scope="session")
def inspectors():
    return [accounts[6], accounts[7], accounts[8]]


@pytest.fixture(scope="session")
def stranger():
    return accounts[9]


# Actors beyond anvil's ten accounts are funded through anvil, and the module isolation reverts
# the chain at every module's end: these fixtures are module-scoped so each module funds them
# again (inside its isolation: autouse isolation fixtures are set up first).

backers = actor_fixture("backer-{}", count=10)
merchant = actor_fixture("merchant")
provider = actor_fixture("provider")
buyers = actor_fixture("buyer-{}", count=4)


# ---------------------------------------------------------------- contracts


@pytest.fixture(scope="module")
def platform(deployer, treasury):
    return deploy_platform(deployer, treasury)


@pytest.fixture(scope="module")
def factory(platform):
    return platform.factory


@pytest.fixture(scope="module", params=["eth", "erc20"])
def money(request, deployer):
    """The payment asset: every test that uses it runs once with ETH and once with an ERC-20."""
    if request.param == "eth":
        return Money()
    return Money(TestToken.deploy("Cobuild Dollar", "CBD", {"from": deployer}))


@pytest.fixture(scope="module")
def eth():
    """ETH only, for tests whose subject is not the payment asset."""
    return Money()


@pytest.fixture
def spec(inspectors):
    """Default project parameters (see ProjectSpec); tests change fields before opening."""
    return ProjectSpec(inspectors=list(inspectors))


@pytest.fixture(scope="module")
def open_project(factory, creator, inspectors):
    """The one way a test opens a project on the module's factory (module scope, so module
    fixtures can build their projects once): `open_project(money=None, spec=None, sender=None,
    **fields)` opens `spec` (default: `ProjectSpec` with the three inspectors and `fields`
    changed), paid in `money` if given, sent by `sender` (default the creator), and returns the
    project."""

    def _open(money=None, spec=None, sender=None, **fields):
        if spec is None:
            spec = ProjectSpec(inspectors=list(inspectors), **fields)
        else:
            for name, value in fields.items():
                setattr(spec, name, value)
        if money is not None:
            spec.token = money.address
        return open_on_factory(factory, sender or creator, spec).project

    return _open


@contextmanager
def _replay():
    """Run a block of a test, then put the chain (and brownie's records of it) back where it was."""
    snap = Snapshot()
    try:
        yield
    finally:
        snap.restore()


@pytest.fixture
def snapshot():
    """`with snapshot():` runs a block of a test, then puts the chain back where it was, to play
    one situation with and without an attacker. A `Snapshot` (raw `evm_snapshot`/`evm_revert`)
    restores brownie's records with the chain: an account that sent a transaction inside the block
    otherwise waits forever for its nonce to pass the reverted one."""
    return _replay


@pytest.fixture(scope="session")
def to_presale(creator, inspectors):
    """`to_presale(project, combo, finalizer=creator)`: end the selection, deliver every part of
    `combo`, pass its tests (two inspectors' verdicts) and open the presale."""

    def _to_presale(project, combo, finalizer=None):
        finalize(project, finalizer or creator)
        advance_to(project, Phase.Development)
        deliver_all(project, combo)
        advance_to(project, Phase.Testing)
        pass_all(project, combo, inspectors[:2])
        advance_to(project, Phase.Presale)

    return _to_presale
