# SPDX-License-Identifier: MIT
"""Logging and progress for the long commands (`cobuild deploy`, `cobuild verify`).

Results go to stdout (a verdict a line, the deployed addresses, or JSON with `--json`); what a
command is doing goes to stderr: through the `cobuild` logger (INFO by default, `-v` DEBUG, `-q`
warnings only) and, when stderr is a terminal, a tqdm bar that counts the steps. Library code
reports its steps to a `Progress` it is given, or to a plain one that only logs.
"""

from __future__ import annotations

import logging
import sys
from contextlib import AbstractContextManager, nullcontext
from typing import Any

LOG = logging.getLogger("cobuild")


def setup_logging(verbosity: int = 0) -> None:
    """The `cobuild` logger on stderr: -1 (`-q`) warnings, 0 INFO, 1 (`-v`) DEBUG with names."""
    level = logging.WARNING if verbosity < 0 else logging.INFO if verbosity == 0 else logging.DEBUG
    handler = logging.StreamHandler(sys.stderr)
    fmt = "%(message)s" if verbosity <= 0 else "%(asctime)s %(levelname)s %(name)s: %(message)s"
    handler.setFormatter(logging.Formatter(fmt, datefmt="%H:%M:%S"))
    for old in list(LOG.handlers):
        LOG.removeHandler(old)
    LOG.addHandler(handler)
    LOG.setLevel(level)
    LOG.propagate = False


def _terminal() -> bool:
    return sys.stderr.isatty() and LOG.getEffectiveLevel() <= logging.INFO


class Progress:
    """Steps of a long command. `step(message)` logs the message at INFO and advances the bar;
    `note(message)` only logs; `expect(n)` adds n steps to the total (found on the way, e.g. the
    project clones of a registry). With `bar=None` the bar is shown when stderr is a terminal
    and the log level is INFO or lower; it is never shown otherwise."""

    def __init__(self, total: int = 0, desc: str = "", bar: bool | None = False) -> None:
        self.total = total
        self._bar: Any = None
        self._redirect: AbstractContextManager[Any] = nullcontext()
        if bar or (bar is None and _terminal()):
            from tqdm import tqdm
            from tqdm.contrib.logging import logging_redirect_tqdm

            self._bar = tqdm(total=total, desc=desc, unit="step", leave=False, file=sys.stderr)
            # log lines are written above the bar instead of through it
            self._redirect = logging_redirect_tqdm(loggers=[LOG])
            self._redirect.__enter__()

    def step(self, message: str, *args: Any) -> None:
        LOG.info(message, *args)
        if self._bar is not None:
            self._bar.update(1)

    def note(self, message: str, *args: Any, level: int = logging.INFO) -> None:
        LOG.log(level, message, *args)

    def expect(self, steps: int) -> None:
        self.total += steps
        if self._bar is not None:
            self._bar.total = self.total
            self._bar.refresh()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._redirect.__exit__(None, None, None)
            self._bar = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
