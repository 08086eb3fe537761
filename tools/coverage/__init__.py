# SPDX-License-Identifier: MIT
"""Solidity statement and branch coverage for the brownie test suite on anvil (`make coverage`)."""
