"""``routes.serves_requests`` and ``routes.per_request_label``: does a function run per request
or connection, and how is it named (asked by race-condition and missing-cleanup)."""
from __future__ import annotations

import pytest

from vcx_hook.ecosystem import resources
from vcx_hook.ecosystem import routes
from vcx_hook.lang import scope as s
from vcx_hook.lang import syntax


def _functions(src: str) -> list[syntax.Node]:
    data = src.encode()
    file = s.File('x.ts', syntax.parse(data, 'typescript'))
    out = []
    stack = [file.tree.root]
    while stack:
        node = stack.pop()
        if node.type in s.FUNCTION_TYPES:
            out.append(node)
        stack.extend(reversed(node.named_children))
    return sorted(out, key=s.document_order)


@pytest.mark.parametrize(('src', 'expected'), [
    pytest.param("app.post('/orders', async (req, res) => {});", [True], id='route handler'),
    pytest.param('export async function POST(request: Request) {}', [True], id='next verb export'),
    pytest.param('export default async function handler(ctx) {}', [True], id='context parameter'),
    pytest.param('async function total(items) {}', [False], id='plain function'),
    pytest.param('export async function GETTER(id) {}', [False], id='not a verb'),
])
def test_serves_requests(src, expected):
    assert [routes.serves_requests(fn) for fn in _functions(src)] == expected


@pytest.mark.parametrize(('src', 'expected'), [
    pytest.param("app.get('/events', (req, res) => {});", ['GET /events handler'], id='route'),
    pytest.param("io.on('connection', (socket) => {});", ["`io.on('connection')` handler"], id='connection event'),
    pytest.param("process.on('message', (m) => {});", [None], id='process is no server'),
    pytest.param('http.createServer((a, b) => {});', ['request handler'], id='createServer'),
    pytest.param('function serve(req, res) {}', ['`serve`'], id='req and res'),
    pytest.param("emitter.on('data', (chunk) => {});", [None], id='other event'),
    pytest.param('function handle(request) {}', [None], id='request alone'),
])
def test_per_request_label(src, expected):
    assert [routes.per_request_label(fn, resources.CONNECTION_EVENTS) for fn in _functions(src)] == expected
