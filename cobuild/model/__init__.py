# SPDX-License-Identifier: MIT
"""The money rules in plain Python: the one oracle that tests, the runner and the report use."""
