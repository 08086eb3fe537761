# SPDX-License-Identifier: MIT
"""The commands that play on a chain, as `cobuild <command>` runs them (cobuild/cli.py) once the
brownie project is loaded and the network connected: `play` (demo and scenario: which player a
file needs, and the exit policy), `deploy`, `bench` and `routing_scenario`. Each returns or exits
with the command's status; `scripts/*.py` are brownie shims of a few lines that call them for
`brownie run`. Nothing here is imported by the rest of the package (cobuild/cli.py imports each
command by name when it runs), and nothing here imports `scripts`.
"""
