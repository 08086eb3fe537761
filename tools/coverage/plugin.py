# SPDX-License-Identifier: MIT
"""pytest plugin: Solidity statement and branch coverage for `brownie test --coverage` on anvil.

Brownie 1.22.2's own coverage gives nothing on anvil: anvil answers `debug_traceTransaction` with
an empty `structLogs` list unless it runs with `--steps-tracing`, brownie caches those empty
results per transaction in build/tests.json, and its report then crashes in mypyc-compiled code.
This plugin replaces it (tests/conftest.py registers it when `--coverage` is given):

* anvil is launched with `--steps-tracing`, on a free port (so a concurrent `make test` on 8545 is
  neither attached to nor disturbed);
* brownie's own evaluation is switched off, and so is its sending of every contract call as a
  transaction (which costs a snapshot, a mined block and a revert per call): each `eth_call` is
  traced as it is made with `debug_traceCall` instead;
* before every chain revert (test isolation, `chain.undo`, ...) and at the end, every transaction
  mined since the previous flush is traced; steps are mapped to statements and branches by the
  code that ran (see tracer.py, artifacts.py);
* brownie's markers keep their meaning: `skip_coverage` skips a test, `no_call_coverage` leaves
  its calls untraced;
* the table is printed at the end and written as JSON (`out/coverage.json`).

Environment: SOLCOV_JSON (report path), SOLCOV_INCLUDE / SOLCOV_EXCLUDE (comma-separated path
prefixes of measured sources), SOLCOV_CALLS=0 (do not trace calls: view functions then count as
not covered).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest
import requests

from cobuild.chain.node import free_port

from .artifacts import CodeIndex
from .report import DEFAULT_EXCLUDE, DEFAULT_INCLUDE, build_report, format_table
from .tracer import Hits, Stats, TraceCollector

try:
    from ujson import loads as _loads
except ImportError:  # pragma: no cover - ujson comes with brownie
    from json import loads as _loads

PLUGIN_NAME = "cobuild-solidity-coverage"
_CALL_KEYS = (
    "from",
    "to",
    "gas",
    "gasPrice",
    "maxFeePerGas",
    "maxPriorityFeePerGas",
    "value",
    "data",
    "input",
    "nonce",
)


def install(config: pytest.Config) -> None:
    """Register the plugin if `--coverage` was given (idempotent)."""
    if not config.getoption("coverage", default=False):
        return
    if config.pluginmanager.has_plugin(PLUGIN_NAME):
        return
    if config.getoption("update", default=False):
        raise pytest.UsageError("--update skips unchanged tests: it cannot be used with --coverage")
    config.pluginmanager.register(SolidityCoverage(config), PLUGIN_NAME)


def pytest_configure(config: pytest.Config) -> None:
    """Entry point when loaded with `-p tools.coverage.plugin`."""
    install(config)


def _prefixes(name: str, default: tuple[str, ...]) -> tuple[str, ...]:
    value = os.environ.get(name)
    if value is None:
        return default
    return tuple(p.strip() for p in value.split(",") if p.strip())


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _rpc_value(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return hex(value)
    if isinstance(value, bytes):
        return "0x" + value.hex()
    return str(value)


def _rpc_block(block: Any) -> str:
    if block is None:
        return "latest"
    return _rpc_value(block)


class _JsonRpc:
    """A minimal JSON-RPC client: traces can be megabytes, ujson decodes them fastest."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.session = requests.Session()
        self._id = 0

    def __call__(self, method: str, params: list[Any]) -> Any:
        self._id += 1
        body = {"jsonrpc": "2.0", "id": self._id, "method": method, "params": params}
        response = self.session.post(self.url, json=body, timeout=600)
        response.raise_for_status()
        data = _loads(response.content)
        if "error" in data:
            raise RuntimeError(f"{method}: {data['error'].get('message', data['error'])}")
        return data["result"]


class SolidityCoverage:
    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.started = time.perf_counter()
        self.json_path = Path(os.environ.get("SOLCOV_JSON", "out/coverage.json"))
        self.include = _prefixes("SOLCOV_INCLUDE", DEFAULT_INCLUDE)
        self.exclude = _prefixes("SOLCOV_EXCLUDE", DEFAULT_EXCLUDE)
        self.calls = os.environ.get("SOLCOV_CALLS", "1") != "0"
        self.trace_calls = self.calls
        workerinput = getattr(config, "workerinput", None)
        self.worker: str | None = workerinput["workerid"] if workerinput else None
        self.is_master = self.worker is None and bool(config.getoption("numprocesses", None))
        self._collector: TraceCollector | None = None
        self.report: dict[str, Any] | None = None
        self.errors: list[str] = []

    @property
    def _project(self) -> Any:
        import brownie.project

        return brownie.project.get_loaded_projects()[0]

    def _parts_dir(self) -> Path:
        return self._project._path / "build" / "coverage-parts"

    def _error(self, what: str, exc: Exception) -> None:
        if len(self.errors) < 20:
            self.errors.append(f"{what}: {exc!r}")

    # -- setup ------------------------------------------------------------------------------
    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionstart(self, session: pytest.Session) -> None:
        from brownie._config import CONFIG

        # brownie's own evaluation would find empty traces and crash while reporting; its
        # calls-as-transactions are replaced by tracing the calls themselves
        CONFIG.argv["coverage"] = False
        CONFIG.argv["always_transact"] = False
        if self.is_master:
            for part in self._parts_dir().glob("*.json"):
                part.unlink()
            return

        network_id = CONFIG.argv["network"] or CONFIG.settings["networks"]["default"]
        network = CONFIG.networks[network_id]
        if not str(network.get("cmd", "")).startswith("anvil"):
            raise pytest.UsageError(
                f"coverage needs a local anvil network; '{network_id}' is not launched as anvil"
            )
        settings = network.setdefault("cmd_settings", {})
        settings["steps_tracing"] = True
        settings["port"] = free_port()
        self._patch_brownie()

    def _patch_brownie(self) -> None:
        """Trace before brownie's anvil reverts, and after every `eth_call` (the hooks live in
        cobuild/brownie_adapter, the one module that patches brownie and web3)."""
        from cobuild.brownie_adapter import coverage_hooks

        def after_revert(collector: TraceCollector | None) -> None:
            if collector is not None:
                collector.rewound(int(collector.rpc("eth_blockNumber", []), 16))

        def after_call(transaction: Any, block_identifier: Any) -> None:
            if self.trace_calls:
                self._trace_call(transaction, block_identifier)

        coverage_hooks.install(self._flush, after_revert, after_call)

    def _get_collector(self) -> TraceCollector | None:
        if self._collector is None:
            from brownie.network import web3

            if not web3.provider:
                return None
            index = CodeIndex(self._project._build_path)
            self._collector = TraceCollector(_JsonRpc(web3.provider.endpoint_uri), index)
        return self._collector

    def _flush(self) -> TraceCollector | None:
        collector = self._get_collector()
        if collector is not None:
            try:
                collector.flush()
            except Exception as exc:  # count it, but let the tests run on
                self._error("tracing transactions", exc)
        return collector

    def _trace_call(self, transaction: Any, block_identifier: Any) -> None:
        collector = self._get_collector()
        if collector is None or not isinstance(transaction, dict):
            return
        call = {k: _rpc_value(transaction[k]) for k in _CALL_KEYS if transaction.get(k)}
        try:
            collector.trace_call(call, _rpc_block(block_identifier))
        except Exception as exc:
            self._error("tracing a call", exc)

    # -- per test: brownie's coverage markers -------------------------------------------------
    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        if item.get_closest_marker("skip_coverage") or "skip_coverage" in getattr(
            item, "fixturenames", ()
        ):
            pytest.skip("`skip_coverage` marker and coverage is active")

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_call(self, item: pytest.Item) -> Generator[None, None, None]:
        self.trace_calls = self.calls and not item.get_closest_marker("no_call_coverage")
        yield
        self.trace_calls = self.calls

    # -- results ------------------------------------------------------------------------------
    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if self.is_master:
            hits, stats = self._merge_parts()
            index = CodeIndex(self._project._build_path)
        else:
            collector = self._flush()
            if collector is None:
                return
            hits, stats, index = collector.hits, collector.stats, collector.index
            if self.worker is not None:
                self._write_part(hits, stats)
                return
        if stats.empty_traces:
            self.errors.append(
                f"{stats.empty_traces} transactions had empty traces: anvil is not running with "
                "--steps-tracing (was an already running anvil attached?)"
            )
        report = build_report(index, hits, self._project._path, self.include, self.exclude)
        report["run"] = {
            "wall_seconds": round(time.perf_counter() - self.started, 2),
            "trace_seconds": round(stats.seconds, 2),
            "transactions_traced": stats.transactions,
            "calls_traced": stats.calls,
            "steps_traced": stats.steps,
            "errors": self.errors,
        }
        self.report = report
        if not self.json_path.is_absolute():
            self.json_path = self._project._path / self.json_path
        self.json_path.parent.mkdir(parents=True, exist_ok=True)
        self.json_path.write_text(json.dumps(report, indent=2) + "\n")
        if self.errors and session.exitstatus == 0:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def _write_part(self, hits: dict[str, Hits], stats: Stats) -> None:
        parts = self._parts_dir()
        parts.mkdir(parents=True, exist_ok=True)
        data = {
            "hits": {name: h.to_json() for name, h in hits.items()},
            "stats": vars(stats),
            "errors": self.errors,
        }
        (parts / f"{self.worker}.json").write_text(json.dumps(data))

    def _merge_parts(self) -> tuple[dict[str, Hits], Stats]:
        hits: dict[str, Hits] = {}
        stats = Stats()
        parts = self._parts_dir()
        for part in sorted(parts.glob("*.json")):
            data = json.loads(part.read_text())
            for name, value in data["hits"].items():
                hits.setdefault(name, Hits()).update(Hits.from_json(value))
            stats.update(Stats(**data["stats"]))
            self.errors.extend(data["errors"])
            part.unlink()
        if parts.exists() and not any(parts.iterdir()):
            parts.rmdir()
        return hits, stats

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if self.report is None:
            return
        run = self.report["run"]
        terminalreporter.section("Solidity coverage")
        if not self.report["contracts"]:
            terminalreporter.write_line(
                f"no deployable contract in {', '.join(self.include)} "
                f"(excluding {', '.join(self.exclude) or 'nothing'})"
            )
        for line in format_table(self.report):
            terminalreporter.write_line(line)
        try:
            shown = self.json_path.relative_to(self._project._path)
        except ValueError:
            shown = self.json_path
        terminalreporter.write_line(
            f"\ntraced {_count(run['transactions_traced'], 'transaction')} and "
            f"{_count(run['calls_traced'], 'call')} "
            f"({run['steps_traced']} steps) in {run['trace_seconds']:.1f} s; "
            f"wall time {run['wall_seconds']:.1f} s; report: {shown}"
        )
        for error in run["errors"]:
            terminalreporter.write_line(f"coverage error: {error}", red=True, bold=True)
