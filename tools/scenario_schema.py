# SPDX-License-Identifier: MIT
"""`make schema`: write scenarios/schema.json, the JSON Schema of scenario files for editors
(cobuild/scenario/schema.py). Every format's models are plain pydantic: no brownie project is
loaded (the services' player deploys from the build through the chain port)."""

from cobuild.scenario.schema import write

print(f"wrote {write()}")
