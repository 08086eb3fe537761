# SPDX-License-Identifier: MIT
"""web3.py's request formatting, without its per-call currying.

Before every request web3 passes the parameters through `map_abi_data` (twice: its own
normalizers, then the ENS name resolver) and, for calls and transactions, builds four chain-id
validators. Each `map_abi_data` call curries half a dozen functions, and toolz checks every
partial call against the function's signature with `inspect`: in a brownie transaction this is
about a sixth of the Python time. Parameters that are scalars (an address, a number, a hex
string, bytes) are formatted here by the same normalizers applied in the same order; anything
else (arrays, tuples, dicts, other types) goes through web3's own formatter, unchanged.

Installed by the `request_formatting` patch of cobuild/brownie_adapter (web3_fixes.py)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import cache
from typing import Any

Normalizer = Callable[[str, Any], tuple[str, Any]]
Formatter = Callable[[Any], Any]
_SCALARS = (str, bytes, bytearray, int)  # bool is an int
_NOT_SCALAR = object()


@cache
def _scalar_type(type_str: str | None) -> str | object | None:
    """The type string web3 hands its normalizers for `type_str` (`uint` -> `uint256`), or
    `_NOT_SCALAR` for arrays and tuples (web3 annotates their items one by one)."""
    if type_str is None:
        return None
    from eth_abi.grammar import TupleType, parse

    abi_type = parse(type_str)
    if abi_type.is_array or isinstance(abi_type, TupleType):
        return _NOT_SCALAR
    return abi_type.to_type_str()


def _format(
    normalizers: Sequence[Normalizer], types: Sequence[Any], values: Sequence[Any]
) -> list | None:
    """What `map_abi_data(normalizers, types, values)` returns, when every value is a scalar;
    None otherwise (the caller falls back to web3)."""
    out = []
    for type_str, value in zip(types, values, strict=False):  # as map_abi_data: the shorter ends it
        abi_type = _scalar_type(type_str)
        if abi_type is _NOT_SCALAR or not isinstance(value, _SCALARS):
            return None
        if abi_type is not None:  # web3 leaves values without a type as they are
            for normalize in normalizers:
                abi_type, value = normalize(abi_type, value)
                if not isinstance(value, _SCALARS):
                    return None
        out.append(value)
    return out


def _list_formatter(
    normalizers: Sequence[Normalizer], types: Sequence[Any], original: Formatter
) -> Formatter:
    types = list(types)

    def format_params(params: Any) -> Any:
        if isinstance(params, (list, tuple)):
            formatted = _format(normalizers, types, params)
            if formatted is not None:
                return formatted
        return original(params)

    return format_params


def _dict_formatter(
    normalizers: Sequence[Normalizer], abi_dict: Mapping[str, Any], original: Formatter
) -> Formatter:
    def format_params(params: Any) -> Any:
        if isinstance(params, (list, tuple)) and params and isinstance(params[0], dict):
            data = params[0]
            fields = [key for key in abi_dict if key in data]
            formatted = _format(
                normalizers, [abi_dict[k] for k in fields], [data[k] for k in fields]
            )
            if formatted is not None:
                result = data.copy()
                result.update(zip(fields, formatted, strict=True))
                return type(params)((result, *params[1:]))
        return original(params)

    return format_params


def fast_formatters(
    normalizers: Sequence[Normalizer], abis: Mapping[Any, Any]
) -> dict[Any, Formatter]:
    """`web3._utils.rpc_abi.abi_request_formatters(normalizers, abis)`, each formatter taking
    the scalar path first."""
    from web3._utils.rpc_abi import abi_request_formatters

    originals = abi_request_formatters(normalizers, abis)
    normalizers = list(normalizers)
    fast: dict[Any, Formatter] = {}
    for method, abi_types in abis.items():
        if isinstance(abi_types, list):
            fast[method] = _list_formatter(normalizers, abi_types, originals[method])
        else:
            fast[method] = _dict_formatter(normalizers, abi_types, originals[method])
    return fast
