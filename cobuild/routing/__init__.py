# SPDX-License-Identifier: MIT
"""Routing by interests and notices: tag normal form, the watcher that derives each address's
notices from chain events into a SQLite inbox, its CLI and its JSON feed (issue 15)."""
