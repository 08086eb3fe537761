"""Talking to a chain: the local node, deployment, senders and contract handles.

Importing it applies the work-arounds for brownie 1.22.2 on anvil (`brownie_fixes`)."""

from cobuild.chain import brownie_fixes

brownie_fixes.apply()
