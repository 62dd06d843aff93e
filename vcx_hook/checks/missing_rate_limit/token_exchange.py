"""A sign-in route whose handler reads nothing from the body but a token (``body.token``,
``req.body.idToken``, a NestJS ``@Body() body`` read only as ``body.token``): it exchanges a token
an identity provider signed (a JWT, a Google credential) for a session; there is no password or
code to guess, the provider checks the token (block-explorer's ``POST /auth/login``, round 29, and
nestjs-boilerplate's social sign-ins, judged not)."""
from __future__ import annotations

import re

from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node

TOKEN_FIELDS = frozenset((
    'token', 'idToken', 'id_token', 'accessToken', 'access_token', 'jwt', 'credential', 'authToken',
))
_EXPRESS_BODY = rb'\b(?:req|request|ctx\.request)\.body\b'
_BODY_PARAM = lazyre.compile(r'^@Body\(\s*(?:([\'"])(\w+)\1)?\s*\)\s*(?:readonly\s+)?(\w+)')
_FIELD = lazyre.compile(rb'\s*\??\.\s*(\w+)')


def exchanges_token(file: File, fn: Node) -> bool:
    """``fn`` reads the request's body, and only its token fields (module doc)."""
    fields: set[str] = set()
    bodies: list[bytes] = []
    for p in s.parameters(fn):
        param = _BODY_PARAM.match(s.text(p))
        if param is None:
            continue
        if param.group(2):
            fields.add(param.group(2))  # `@Body('token') token: string`
        else:
            bodies.append(param.group(3).encode())
    body = s.function_body(fn)
    if body is None:
        return False
    source = file.source
    reads = [_EXPRESS_BODY, *(rb'(?<![\w.$])' + re.escape(name) + rb'\b' for name in bodies)]
    for pattern in reads:
        for read in re.finditer(pattern, source[body.start_byte:body.end_byte]):
            field = _FIELD.match(source, body.start_byte + read.end())
            if field is None:
                return False  # the whole body handed on or taken apart: its fields are not in view
            fields.add(field.group(1).decode())
    return bool(fields) and fields <= TOKEN_FIELDS
