# SPDX-License-Identifier: MIT
"""cobuild/chain/transport.py: web3's posts to a node on this machine go over a kept-alive
`http.client` connection (the brownie adapter's `transport` patch), with the answers and the
error types web3's `requests` path gives."""

import contextlib
import http.server
import json
import os
import socket
import threading
import time

import pytest
import requests
from brownie import accounts, web3
from web3 import Web3
from web3._utils.http_session_manager import HTTPSessionManager

from cobuild.chain import transport
from cobuild.chain.node import free_port


def _wrappers():
    """HTTPSessionManager.make_post_request, then each method it wraps (the adapter's transport,
    which also calls the isolation's request watcher), down to web3's own."""
    method = HTTPSessionManager.make_post_request
    chain = [method]
    while hasattr(method, "__wrapped__"):
        method = method.__wrapped__
        chain.append(method)
    return chain


def _web3s_own_post():
    """The method the `transport` patch replaced (web3's `requests` path)."""
    return _wrappers()[-1]


@contextlib.contextmanager
def _requests_path(monkeypatch):
    """web3 as published: every post through `requests`."""
    monkeypatch.setattr(HTTPSessionManager, "make_post_request", _web3s_own_post())
    yield
    monkeypatch.undo()


def _count_posts(monkeypatch):
    posts = []
    real = transport.post
    monkeypatch.setattr(transport, "post", lambda *a: posts.append(a[0]) or real(*a))
    return posts


def test_installed_for_every_web3_post():
    chain = _wrappers()
    assert len(chain) >= 2
    files = [m.__code__.co_filename for m in chain]
    assert files[-1].endswith("web3/_utils/http_session_manager.py")
    assert sum(f.endswith("cobuild/brownie_adapter/web3_fixes.py") for f in files) == 1


@pytest.mark.parametrize(
    ("uri", "endpoint"),
    [
        ("http://127.0.0.1:9545", ("127.0.0.1", 9545, "/")),
        ("http://localhost:9000/rpc?key=1", ("localhost", 9000, "/rpc?key=1")),
        ("http://[::1]:7000/", ("::1", 7000, "/")),
        ("http://127.0.0.1", ("127.0.0.1", 80, "/")),
        ("https://127.0.0.1:9545", None),  # TLS: requests' path
        ("http://10.0.0.5:9545", None),  # another machine
        ("http://rpc.sepolia.org", None),
        ("http://user:secret@127.0.0.1:9545", None),  # credentials: requests' path
        ("ws://127.0.0.1:9545", None),
    ],
)
def test_only_plain_http_to_this_machine_takes_the_fast_path(uri, endpoint):
    assert transport.loopback_endpoint(uri) == endpoint


def test_the_test_chain_is_spoken_to_through_the_transport(monkeypatch):
    posts = _count_posts(monkeypatch)
    tx = accounts[0].transfer(accounts[1], 1)
    assert tx.status == 1
    assert len(posts) >= 4  # nonce, send, transaction, receipt
    assert {endpoint[:2] for endpoint in posts} == {
        transport.loopback_endpoint(web3.provider.endpoint_uri)[:2]
    }


def test_answers_are_web3s_own_single_and_batched(monkeypatch):
    accounts[0].transfer(accounts[1], 12345)
    latest = web3.eth.block_number

    def ask():
        with web3.batch_requests() as batch:
            batch.add(web3.eth.get_balance(accounts[1].address, latest))
            batch.add(web3.eth.get_block(latest))
            batch.add(web3.eth.get_transaction_count(accounts[0].address, latest))
            batched = batch.execute()
        single = (
            web3.eth.chain_id,
            web3.eth.get_balance(accounts[1].address, latest),
            web3.eth.get_block(latest, full_transactions=True),
        )
        return batched, single

    fast = ask()
    with _requests_path(monkeypatch):
        posts = _count_posts(monkeypatch)
        slow = ask()
    assert posts == []  # the comparison really went through requests
    assert fast == slow


def test_threads_each_keep_their_own_connection():
    address = accounts[1].address
    expected = web3.eth.get_balance(address)
    results, errors = [], []

    def worker():
        try:
            for _ in range(25):
                results.append(web3.eth.get_balance(address))
        except Exception as e:  # reported below
            errors.append(e)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and results == [expected] * 100


def test_a_forked_child_opens_its_own_connection():
    """A child must not talk over its parent's socket (their answers would interleave)."""
    address = accounts[1].address
    expected = web3.eth.get_balance(address)  # the parent's connection is open
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        try:
            answers = [web3.eth.get_balance(address) for _ in range(20)]
            os.write(write, json.dumps(answers).encode())
        finally:
            os._exit(0)
    os.close(write)
    parents = [web3.eth.get_balance(address) for _ in range(20)]
    os.waitpid(pid, 0)
    with os.fdopen(read) as pipe:
        childs = json.loads(pipe.read())
    assert parents == childs == [expected] * 20


# ------------------------------------------------------------ a node that misbehaves


class _Node(http.server.BaseHTTPRequestHandler):
    """Answers eth_chainId, or with the status/delay/closing the server was told."""

    protocol_version = "HTTP/1.1"  # keep-alive, like anvil

    def do_POST(self):
        request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        behaviour = self.server.behaviour
        self.server.seen.append((self.client_address, request))
        if behaviour.get("delay"):
            time.sleep(behaviour["delay"])
        status = behaviour.get("status", 200)
        answer = json.dumps({"jsonrpc": "2.0", "id": request["id"], "result": "0x539"}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        if behaviour.get("close"):
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(answer)
        if behaviour.get("close"):
            self.close_connection = True

    def setup(self):
        super().setup()
        self.server.connections.append(self.connection)

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def _node(port=None, **behaviour):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port or free_port()), _Node)
    server.daemon_threads = True
    server.behaviour, server.seen, server.connections = behaviour, [], []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        for connection in server.connections:  # a stopped node drops its kept-alive clients
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
            connection.close()


def _web3(url):
    """web3 without its retries (a refused connection is asked again for two seconds)."""
    return Web3(Web3.HTTPProvider(url, exception_retry_configuration=None))


def test_a_node_that_is_not_there_is_a_connection_error():
    url = f"http://127.0.0.1:{free_port()}"
    assert _web3(url).is_connected() is False
    with pytest.raises(requests.ConnectionError):
        transport.post(transport.loopback_endpoint(url), b"{}", {}, 1)


def test_an_error_status_is_an_http_error():
    """With the answer, as `requests` gives it: a provider's 429 or 413 says why in its body."""
    with _node(status=503) as server:
        url = f"http://127.0.0.1:{server.server_port}"
        with pytest.raises(requests.HTTPError, match="503") as error:
            transport.post(transport.loopback_endpoint(url), b'{"id": 1}', {}, 5)
    answer = error.value.response
    assert answer.status_code == 503 and answer.headers["content-type"] == "application/json"
    assert answer.json() == {"jsonrpc": "2.0", "id": 1, "result": "0x539"}


def test_a_node_that_does_not_answer_in_time_is_a_timeout():
    with _node(delay=1.0) as server:
        url = f"http://127.0.0.1:{server.server_port}"
        started = time.monotonic()
        with pytest.raises(requests.Timeout):
            transport.post(transport.loopback_endpoint(url), b'{"id": 1}', {}, 0.2)
        assert time.monotonic() - started < 0.9


def test_a_kept_alive_connection_is_reused_and_a_closed_one_reopened():
    with _node() as server:
        url = f"http://127.0.0.1:{server.server_port}"
        w3 = _web3(url)
        assert [w3.eth.chain_id for _ in range(3)] == [1337] * 3
        assert len({client for client, _ in server.seen}) == 1  # one connection
        server.behaviour["close"] = True  # the node closes after each answer
        assert [w3.eth.chain_id for _ in range(3)] == [1337] * 3
        # the first of these on the kept-alive connection, then one connection each
        assert len({client for client, _ in server.seen}) == 3


def test_a_node_restarted_on_the_same_port_is_reached_again():
    """The node went away while the connection was idle (anvil restarted): the next post opens
    a new connection instead of failing on the dead one."""
    with _node() as first:
        port = first.server_port
        w3 = _web3(f"http://127.0.0.1:{port}")
        assert w3.eth.chain_id == 1337
    # the first server's socket is closed; its client side sees the close while idle
    time.sleep(0.05)
    with _node(port=port) as second:
        assert w3.eth.chain_id == 1337
        assert len(second.seen) == 1


def test_other_endpoints_keep_webs_requests_path(monkeypatch):
    """A TLS or remote endpoint is not sent by the transport (here: refused by requests)."""
    assert web3.eth.block_number >= 0  # the isolation snapshot is taken (through the transport)
    posts = _count_posts(monkeypatch)
    w3 = _web3(f"https://127.0.0.1:{free_port()}")
    assert w3.is_connected() is False
    assert posts == []
