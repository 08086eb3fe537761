# SPDX-License-Identifier: MIT
"""Talking to a chain: the local node, deployment, senders and contract handles.

Importing it changes nothing outside it: the patches of brownie and web3 that the tests, the
console and the commands running through brownie use are applied by cobuild/brownie_adapter."""
