"""A fetched response's body piped on with ``pipe()``, with nothing listening
for its errors: ``const res = await fetch(url); res.body.pipe(zlib.createGunzip()).pipe(extract)``,
or the body converted to a Node stream first (``const source = Readable.fromWeb(res.body);
source.pipe(split2())``). ``pipe()`` does not forward the source's errors to the destination: when
the connection drops mid-body, the destination never ends (whoever reads or awaits it waits for
good) and the source's ``'error'`` event, with no listener, ends the process. ``stream.pipeline()``
forwards them. Not where the file listens for ``'error'`` on that source or calls ``pipeline``. Asked
in browser folders too: ``pipe()`` is a Node stream's method (a web stream has ``pipeTo``), so the
code runs on Node streams wherever it runs (streamr's client package, built for both).
Low: a new shape (streamr's HTTP stream of a storage node, a real bug of holdout26; amplication's
plugin tarball, judged worth asking; Hydro's install command, borderline)."""
from __future__ import annotations

import re
from collections.abc import Iterator

from vcx_hook.checks.error_handling.facts import ID
from vcx_hook.checks.error_handling.facts import QUESTION
from vcx_hook.checks.error_handling.facts import short
from vcx_hook.ecosystem import http
from vcx_hook.finding import LOW
from vcx_hook.finding import Finding
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_PIPE = b'pipe'
_PIPELINE = lazyre.compile(rb'\bpipeline\s*\(')
_DOT = rb'\s*(?:\?\.|!?\.)\s*'


def possible(scope: Scope) -> bool:
    return scope.holds(_PIPE) and b'body' in scope.file.word_text and _PIPELINE.search(scope.file.source) is None


def findings(scope: Scope) -> Iterator[Finding]:
    if not possible(scope):
        return
    for name in scope.named(frozenset((_PIPE,))):
        call = s.called_by(name)
        source = s.receiver(call) if call is not None and s.callee_name(call) == 'pipe' else None
        if call is None or source is None:
            continue
        body = _fetched_body(source)
        if body is None or _listened(scope, source):
            continue
        yield scope.finding(
            call, ID,
            f"`{short(call, 40)}` does not forward the errors of `{short(body, 30)}` (a fetched response's body): when "
            "the connection drops mid-body the destination never ends, and the source's `'error'`, with no "
            "listener, ends the process (`stream.pipeline()` forwards them)", QUESTION, evidence=(body,), confidence=LOW)


def _fetched_body(source: Node) -> Node | None:
    """``res.body`` (``res`` awaited from fetch) that ``source`` is, converts or holds: ``res.body``,
    ``Readable.fromWeb(res.body)``, or a local const initialised to one of those."""
    source = s.unwrap(source)
    if source.type == 'identifier':
        value = s.initializer(source)
        source = s.unwrap(value) if value is not None else source
    if source.type == 'call_expression':
        args = s.arguments(source)
        source = s.unwrap(args[0]) if len(args) == 1 else source
    if source.type != 'member_expression' or s.text(source.child_by_field_name('property')) != 'body':
        return None
    owner = s.unwrap(source.child_by_field_name('object'))
    value = s.initializer(owner) if owner.type == 'identifier' else None
    if value is None or value.type != 'await_expression':
        return None
    fetched = s.unwrap(value)  # `await fetch(url)`: unwrap takes the await off
    callee = s.callee(fetched) if fetched.type == 'call_expression' else None
    if callee is None or s.unwrap(callee).type != 'identifier' or s.callee_name(fetched) not in http.FETCH_FUNCTIONS:
        return None
    return source


def _listened(scope: Scope, source: Node) -> bool:
    """The file listens for ``'error'`` on the piped source (by the text it is written with)."""
    text = s.text(s.unwrap(source)).encode()
    pattern = re.compile(re.escape(text) + _DOT + rb'''(?:on|once|addListener|prependListener)\s*\(\s*['"]error['"]''')
    return pattern.search(scope.file.source) is not None
