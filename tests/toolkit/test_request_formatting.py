# SPDX-License-Identifier: MIT
"""cobuild/brownie_adapter/request_formatting.py formats every request's parameters exactly as
web3 does (its own formatters are the reference), and takes its fast path for the scalar
parameters of calls and transactions."""

import pytest
from hexbytes import HexBytes
from web3._utils.method_formatters import STANDARD_NORMALIZERS
from web3._utils.rpc_abi import RPC_ABIS, abi_request_formatters

from cobuild.brownie_adapter import request_formatting

ADDRESS = "0x66aB6D9362d4F35596279692F0251Db635165871"
LOWER = ADDRESS.lower()
TX = {
    "from": ADDRESS,
    "to": ADDRESS,
    "value": 10**18,
    "gas": 21_000,
    "gasPrice": 0,
    "nonce": 7,
    "data": HexBytes("0xa9059cbb" + "00" * 64),
    "chainId": 1337,
}
PARAMS = {
    "eth_call": [
        (TX, "latest"),
        ({**TX, "data": "0x1234"}, 5),
        ({"to": ADDRESS, "data": b"\x01"},),
    ],
    "eth_estimateGas": [(TX,), ({**TX, "value": True},)],
    "eth_sendTransaction": [(TX,), ({**TX, "accessList": [{"address": ADDRESS}]},)],
    "eth_getBalance": [(ADDRESS, "latest"), (LOWER, 12), (ADDRESS, None)],
    "eth_getCode": [(ADDRESS, "pending")],
    "eth_getStorageAt": [(ADDRESS, 3, "latest"), (ADDRESS, 2**255, "latest")],
    "eth_getTransactionCount": [(ADDRESS, "pending")],
    "eth_sign": [(ADDRESS, b"hello"), (ADDRESS, "hello")],
    "eth_newFilter": [({"to": ADDRESS, "address": [ADDRESS, LOWER]},)],
    "eth_getLogs": [({"address": ADDRESS, "fromBlock": 0, "topics": [None]},)],
}


class Counting:
    """A formatter that counts the calls that fall back to web3."""

    def __init__(self, original):
        self.original, self.calls = original, 0

    def __call__(self, params):
        self.calls += 1
        return self.original(params)


def outcome(formatter, params):
    """What `formatter` returns for `params`, or the error it raises."""
    try:
        return formatter(params)
    except Exception as error:  # the error is the outcome compared
        return type(error), error.args


@pytest.mark.parametrize("method", sorted(PARAMS))
def test_formats_as_web3_does(method):
    reference = abi_request_formatters(STANDARD_NORMALIZERS, RPC_ABIS)[method]
    ours = request_formatting.fast_formatters(STANDARD_NORMALIZERS, RPC_ABIS)[method]
    for params in PARAMS[method]:
        for shape in (tuple, list):
            expected, got = outcome(reference, shape(params)), outcome(ours, shape(params))
            assert got == expected and type(got) is type(expected), (params, got, expected)


def test_scalar_transactions_take_the_fast_path(monkeypatch):
    counted = {}

    def counting_formatters(normalizers, abis):
        originals = {m: Counting(f) for m, f in abi_request_formatters(normalizers, abis).items()}
        counted.update(originals)
        return originals

    monkeypatch.setattr("web3._utils.rpc_abi.abi_request_formatters", counting_formatters)
    ours = request_formatting.fast_formatters(STANDARD_NORMALIZERS, RPC_ABIS)
    ours["eth_sendTransaction"]((TX,))
    ours["eth_call"]((TX, "latest"))
    ours["eth_getBalance"]((ADDRESS, "latest"))
    assert counted["eth_sendTransaction"].calls == counted["eth_call"].calls == 0
    assert counted["eth_getBalance"].calls == 0
    ours["eth_sendTransaction"](({**TX, "accessList": []},))  # no ABI type: left as it is
    assert counted["eth_sendTransaction"].calls == 0
    ours["eth_newFilter"](({"address": [ADDRESS]},))  # an array: web3's own path
    ours["eth_getBalance"]((ADDRESS, None))  # not a scalar
    assert counted["eth_newFilter"].calls == counted["eth_getBalance"].calls == 1


def test_installed_in_web3():
    from web3._utils import method_formatters
    from web3.middleware import names, validation

    assert names.abi_request_formatters is request_formatting.fast_formatters
    assert validation._chain_id_validator(1337) is validation._chain_id_validator(1337)
    formatter = method_formatters.ABI_REQUEST_FORMATTERS["eth_sendTransaction"]
    assert formatter.__qualname__.startswith("_dict_formatter")
