"""The rule: a read of a blockchain's node once per element (``mapAsync(deposits, (d) =>
provider.getTransactionReceipt(d.txId))``, ``Promise.all(addresses.map((a) => provider.call({ to: a,
data })))``), in a file importing an Ethereum JSON-RPC client or a package declaring one (``ecosystem.chain_nodes``).

One JSON-RPC round trip per element to a node that is usually a rate-limited provider, where one
request would answer for the list: a multicall contract for ``eth_call``s, one ``getLogs`` query
over the range for receipts and transfers. across-protocol's Binance deposit attribution (twice)
and snapshot's voting-proxy sources, real bugs of holdout22, each fixed that way.
"""
from __future__ import annotations

from collections.abc import Mapping

from vcx_hook.checks.n_plus_one.elements import mentions
from vcx_hook.checks.n_plus_one.iterations import Names
from vcx_hook.checks.n_plus_one.iterations import iterations_around
from vcx_hook.checks.n_plus_one.own_helpers import anchor_of
from vcx_hook.ecosystem import chain_nodes
from vcx_hook.finding import LOW
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

# Not judged on held-out code: found for recall (issue 18: a node request per element of a list).
CONFIDENCE = LOW


def possible(scope: Scope, packages: Mapping[str, str]) -> bool:
    return chain_nodes.used(scope.file, packages)


def per_node_read(scope: Scope, call: Node, names: Names) -> tuple[str, Node] | None:
    """The message and the iteration's head when ``call``, awaited or gathered in a loop, reads
    the chain's node with what the element holds."""
    if not chain_nodes.node_read(call):
        return None
    anchor = anchor_of(call)
    if anchor is None:
        return None
    for it in iterations_around(anchor, names, scope.file):
        if not (it.gathers or s.is_awaited(anchor)):
            return None
        for arg in s.arguments(call):
            element = mentions(arg, it, anchor, 0)
            if element is not None:
                return (f'`{_shown(call)}()` asks the chain\'s node once per {element} of {it.where} '
                        f'on line {it.node.start_point.row + 1}: one JSON-RPC round trip per element (a multicall, '
                        'or one log query over the range?)'), it.node
        return None
    return None


def _shown(call: Node) -> str:
    path = s.callee_path(call)
    return path if len(path) <= 48 else '...' + path[-45:]
