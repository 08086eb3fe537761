# SPDX-License-Identifier: MIT
"""Consent over one's own data: EIP-712 typed data for signed grants and revocations (issue 15)."""
