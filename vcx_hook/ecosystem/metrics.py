"""Metrics registries: prom-client's (``register``, ``new client.Registry()``) and the components
built on it (``@well-known-components/metrics``' ``.register``).

A registry's exposition (``await register.metrics()``) serializes the counters, gauges and
histograms it holds in memory: it is async only because a metric may collect on demand, and it
rejects only where such a collector throws."""
from __future__ import annotations

from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import packages
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node

# A registry's methods that render what it holds (prom-client's Registry).
EXPOSITIONS = frozenset(('metrics', 'getMetricsAsJSON', 'getSingleMetricAsString'))


def exposition(file: File, call: Node) -> bool:
    """``call`` renders a metrics registry (``register.metrics()``, ``client.register.metrics()``)
    bound to a metrics library: an import, a construction or a property of one."""
    if call.type != 'call_expression' or s.callee_name(call) not in EXPOSITIONS:
        return False
    callee = s.callee(call)
    receiver = callee.child_by_field_name('object') if callee is not None and callee.type == 'member_expression' else None
    return receiver is not None and bindings.library(file, receiver) in packages.METRICS_LIBRARIES
