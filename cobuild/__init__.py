# SPDX-License-Identifier: MIT
"""Cobuild's Python toolkit, one package along the seams of the system:

- `cobuild.chain`: talking to a chain (the local node, deployment, senders, contract handles);
- `cobuild.model`: the money rules in plain Python, the one oracle every test and report uses;
- `cobuild.scenario`: scenario files (typed), the runner and its report;
- `cobuild.console`: helpers for `brownie console`.

`python -m cobuild <command>` is the entry point every make target uses (see `cobuild/__main__.py`).
`scripts/` keeps only thin brownie entry points.
"""
