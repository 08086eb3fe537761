# SPDX-License-Identifier: MIT
"""Talking to a chain: the local node, deployment, senders and contract handles.

Importing it applies the work-arounds for brownie 1.22.2 on anvil (`brownie_fixes`) and the
scalar path of web3's request formatting (`request_formatting`), and sends web3's posts to a node
on this machine over a kept-alive `http.client` connection (`transport`)."""

from cobuild.chain import brownie_fixes, request_formatting, transport

brownie_fixes.apply()
request_formatting.apply()
transport.apply()
