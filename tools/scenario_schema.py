# SPDX-License-Identifier: MIT
"""`make schema`: write scenarios/schema.json, the JSON Schema of scenario files for editors
(cobuild/scenario/schema.py). The services format's module imports its contracts, so the brownie
project is loaded first (compiling what changed), as the toolkit's commands do."""

from cobuild.cli import load

load()._add_to_main_namespace()  # `from brownie import Activities`, as scripts do

from cobuild.scenario.schema import write  # noqa: E402  (after the project is loaded)

print(f"wrote {write()}")
