"""Server-side requests to a URL from the request (SSRF): ``fetch``, ``got``, ``axios.get``,
``http.get``...; not asked in UI files, where the browser makes the request. Where the first
argument is an options object (``request.get({ url, headers })``), the URL is its ``url`` (or
``uri``, ``host``...): a header it forwards (``Authorization: req.headers.authorization``) picks
no address (OCWA's files route, judged not worth asking: shape:header-forwarded-not-url)."""
from __future__ import annotations

from vcx_hook.checks.unvalidated_input.values import object_literal
from vcx_hook.checks.unvalidated_input.values import short
from vcx_hook.checks.unvalidated_input.values import Sink
from vcx_hook.finding import LOW
from vcx_hook.lang import flow
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node

# The settings of a request's options that say where it goes (request, axios, got, http.request).
URL_KEYS = ('url', 'uri', 'href', 'baseURL', 'baseUrl', 'prefixUrl', 'origin', 'host', 'hostname')


_SSRF = 'on the server (SSRF)'
# A new shape, not yet judged on held-out code (docs/confidence.md): ChatGPT-Next-Web's WebDAV proxy
# (`allowed.some((a) => endpoint?.startsWith(a))`, a real bug of holdout23).
PREFIX_CONFIDENCE = LOW


def fetches(sink: Sink) -> bool:
    """``sink`` is a request the server makes (``sink`` below), not a browser's."""
    return not sink.victim and sink.message.endswith(_SSRF)


def prefix_message(sink: Sink) -> str:
    """What a server request whose URL is checked only by ``startsWith(prefix)`` is asked, with {src}."""
    return (f'`{short(s.callee_path(sink.node))}()` fetches `{{src}}` on the server, checked only by `startsWith()` '
            'of an allowed prefix: one that does not end its host with `/` passes `https://allowed.example.evil.tld` '
            'and `https://allowed.example@evil.tld` (compare the parsed URL\'s `hostname`)')


def sink(file: File, call: Node, url: Node) -> Sink | None:
    message = f'`{short(s.callee_path(call))}()` fetches a URL taken from `{{src}}` {_SSRF}'
    options = object_literal(flow.of(file, call), url)
    if options is None:
        return Sink(call, [(url, ('<url>',))], message)
    keys = s.object_keys(options)
    targets = [keys[k] for k in URL_KEYS if k in keys]
    if not targets:  # `axios({ ...config })`: the URL may come in with the spread
        return Sink(call, [(url, ('<url>',))], message) if s.has_spread(options) else None
    return Sink(call, [(t, ('<url>',)) for t in targets], message)
