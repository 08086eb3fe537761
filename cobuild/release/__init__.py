# SPDX-License-Identifier: MIT
"""Verifiable releases: what anyone needs to rebuild the deployed bytecode and check it.

- `cobuild.release.build`: the solc standard-JSON input of the project (the one brownie compiles),
  compiling an input alone with the pinned compiler, and one minimal input per contract from its
  metadata (what block explorers and Sourcify accept);
- `cobuild.release.bytecode`: runtime code compared the way a verifier must: the CBOR metadata
  tail split off and decoded, immutables masked by their references, EIP-1167 clones parsed;
- `cobuild.release.record`: the release part of `deployments/<chainid>.json` (block, transactions,
  compiler, settings, the standard-JSON input and metadata of each contract under `deployments/`);
- `cobuild.release.verify`: a deployment record checked against a chain, one line per contract;
- `cobuild.release.apidoc`: `docs/api.md` generated from the interfaces' NatSpec.
"""
