"""Server-side requests to a URL from the request (SSRF): ``fetch``, ``got``, ``axios.get``,
``http.get``...; not asked in UI files, where the browser makes the request."""
from __future__ import annotations

from vcx_hook.checks.unvalidated_input.values import short
from vcx_hook.checks.unvalidated_input.values import Sink
from vcx_hook.lang import scope as s
from vcx_hook.lang.syntax import Node


def sink(call: Node, url: Node) -> Sink:
    return Sink(call, [(url, ('<url>',))],
                f'`{short(s.callee_path(call))}()` fetches a URL taken from `{{src}}` on the server (SSRF)')
