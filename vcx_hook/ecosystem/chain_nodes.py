"""What reads a blockchain's node: an Ethereum-style JSON-RPC client and the methods that send one
request each.

ethers (``provider.getTransactionReceipt(hash)``, ``provider.call(tx, blockTag)``), viem
(``publicClient.getBlock()``, ``client.readContract()``) and web3.js (``web3.eth.getTransaction()``)
send one JSON-RPC request (``eth_getTransactionReceipt``, ``eth_call``...) per call, to a node that is
usually a rate-limited provider across the internet. A file that imports one of those libraries, or
belongs to a package that declares one (the client often comes through the project's own utils),
calls its client a provider or a client (``this.getL2Bridge().provider``, ``publicClient``) or reaches
it through ``eth``; ``call`` counts on a provider or ``eth`` only (a viem ``client.call`` is rare, a
bare ``client.call`` in other code is anything).
"""
from __future__ import annotations

from collections.abc import Mapping

from vcx_hook.ecosystem import bindings
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node

# Packages whose client reads an Ethereum-style node over JSON-RPC (ethers v5's are scoped).
LIBRARIES = frozenset(('ethers', 'viem', 'web3', 'web3-eth'))
_SCOPED = '@ethersproject/'
# Their methods that send one read request (the JSON-RPC method's name without `eth_`, as they spell it).
READS = frozenset((
    'getTransactionReceipt', 'getTransaction', 'getBlock', 'getBlockWithTransactions', 'getBalance',
    'getCode', 'getStorageAt', 'getLogs', 'getTransactionCount', 'estimateGas', 'call', 'readContract',
    'getBytecode',
))
_PROVIDER_WORDS = frozenset(('provider', 'eth'))
_CLIENT_WORDS = frozenset(('client',))


def used(file: File, packages: Mapping[str, str]) -> bool:
    """Whether ``file`` imports a JSON-RPC client of an Ethereum-style chain, or its package
    declares one (``packages``: the nearest ``package.json``'s over the root's)."""
    return any(_chain_library(name) for name in packages) \
        or any(_chain_library(b.library) for b in bindings.imports(file).values())


def _chain_library(name: str) -> bool:
    return name in LIBRARIES or name.startswith(_SCOPED)


def node_read(call: Node) -> bool:
    """Whether ``call`` is one of ``READS`` on something named for a node's client
    (``provider.getTransactionReceipt(h)``, ``this.l2.provider.getBlock(n)``, ``publicClient.getLogs()``)."""
    method = s.callee_name(call)
    if method not in READS:
        return False
    obj = s.receiver(call)
    if obj is None:
        return False
    obj = s.unwrap(obj)
    last = obj.child_by_field_name('property') if obj.type == 'member_expression' else obj
    if last is None or last.type not in ('identifier', 'property_identifier'):
        return False
    words = s.name_words(s.text(last))
    if not words:
        return False
    if words[-1] in _PROVIDER_WORDS:
        return True
    return method != 'call' and words[-1] in _CLIENT_WORDS


# ethers' providers that send JSON-RPC over HTTP (v5's `ethers.providers.JsonRpcProvider` and
# `@ethersproject/providers`, v6's `ethers.JsonRpcProvider`): each waits minutes for a node that
# accepts the request and never answers (120 s in v5 unless the connection object sets `timeout`,
# 300 s in v6 unless handed a `FetchRequest` with its own).
HTTP_PROVIDERS = frozenset(('JsonRpcProvider', 'StaticJsonRpcProvider', 'JsonRpcBatchProvider'))


def http_provider(file: File, node: Node) -> bool:
    """Whether ``node`` (what a ``new`` constructs, or a class extends) is one of ``HTTP_PROVIDERS``
    bound to ethers (``new ethers.JsonRpcProvider``, ``StaticJsonRpcProvider`` imported from
    ``@ethersproject/providers``)."""
    node = s.unwrap(node)
    last = node.child_by_field_name('property') if node.type == 'member_expression' else node
    if last is None or s.text(last) not in HTTP_PROVIDERS:
        return False
    bound = bindings.binding(file, node)
    return bound is not None and (bound.library == 'ethers' or bound.library.startswith(_SCOPED))
