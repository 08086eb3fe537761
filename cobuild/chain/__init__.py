"""Talking to a chain: the local node, deployment, senders and contract handles."""
