# SPDX-License-Identifier: MIT
"""The patches of web3 7.16.0: installed by `cobuild.brownie_adapter.apply()` after it checked
that version, never on import."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

# called before every post web3 makes over HTTP (`cobuild.brownie_adapter.watch_posts`)
POST_LISTENERS: list[Callable[[], None]] = []


def patch_gas_price_middleware() -> None:
    """web3's gas price middleware reads the latest block and the node's gas price before every
    `eth_sendTransaction`, and uses neither when the transaction names its gas price, as
    brownie's always does (legacy, `gas_price` of the network settings): let those through."""
    from web3._utils.utility_methods import none_in_dict
    from web3.constants import DYNAMIC_FEE_TXN_PARAMS
    from web3.middleware.gas_price_strategy import GasPriceStrategyMiddleware

    original = GasPriceStrategyMiddleware.request_processor
    if getattr(original, "_cobuild_patched", False):
        return

    def request_processor(self: Any, method: Any, params: Any) -> Any:
        if (
            method == "eth_sendTransaction"
            and "gasPrice" in params[0]
            and none_in_dict(DYNAMIC_FEE_TXN_PARAMS, params[0])
        ):
            return method, params
        return original(self, method, params)

    request_processor._cobuild_patched = True  # type: ignore[attr-defined]
    GasPriceStrategyMiddleware.request_processor = request_processor


def patch_request_formatting() -> None:
    """The scalar path of cobuild/brownie_adapter/request_formatting.py in web3's request
    formatters and its ENS middleware, and the chain-id validators built once per chain id."""
    from web3._utils import method_formatters
    from web3._utils.rpc_abi import RPC_ABIS
    from web3.middleware import names, validation

    from cobuild.brownie_adapter.request_formatting import fast_formatters

    if getattr(validation._chain_id_validator, "_cobuild_patched", False):
        return
    method_formatters.ABI_REQUEST_FORMATTERS.update(
        fast_formatters(method_formatters.STANDARD_NORMALIZERS, RPC_ABIS)
    )
    names.abi_request_formatters = fast_formatters
    validator = lru_cache(maxsize=16)(validation._chain_id_validator)
    validator._cobuild_patched = True  # type: ignore[attr-defined]
    validation._chain_id_validator = validator


def patch_transport() -> None:
    """Every post web3 makes over HTTP (single requests and batches, from brownie, the console
    and the batched senders) goes through `HTTPSessionManager.make_post_request`: it first calls
    the `POST_LISTENERS`, then sends a post to a loopback `http://` endpoint with
    `cobuild.chain.transport.post` (kept-alive `http.client`, `requests`' error types). Any other
    endpoint, a streamed post or a (connect, read) timeout pair keeps web3's path."""
    from web3._utils.http import DEFAULT_HTTP_TIMEOUT
    from web3._utils.http_session_manager import HTTPSessionManager

    from cobuild.chain import transport

    original: Callable[..., bytes] = HTTPSessionManager.make_post_request
    if getattr(original, "_cobuild_patched", False):
        return
    listeners = POST_LISTENERS

    def make_post_request(self: Any, endpoint_uri: Any, data: Any, **kwargs: Any) -> bytes:
        for listener in listeners:
            listener()
        endpoint = transport.loopback_endpoint(endpoint_uri)
        timeout = kwargs.get("timeout", DEFAULT_HTTP_TIMEOUT)
        one_timeout = timeout is None or isinstance(timeout, int | float)  # not (connect, read)
        if (
            endpoint is None
            or not one_timeout
            or kwargs.get("stream")
            or not isinstance(data, bytes | str)
            or set(kwargs) - {"headers", "timeout", "stream"}
        ):
            return original(self, endpoint_uri, data, **kwargs)
        body = data.encode() if isinstance(data, str) else data
        return transport.post(endpoint, body, kwargs.get("headers") or {}, timeout)

    make_post_request._cobuild_patched = True  # type: ignore[attr-defined]
    make_post_request.__wrapped__ = original  # type: ignore[attr-defined]
    HTTPSessionManager.make_post_request = make_post_request  # type: ignore[method-assign]
