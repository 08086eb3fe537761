# SPDX-License-Identifier: MIT
"""Scenario files: typed models of the format, the runner that plays them, and the report."""
