from __future__ import annotations

import pytest

from vcx_hook.ecosystem import http
from vcx_hook.lang import scope as s


def file_of(src: str) -> s.File:
    return s.File.unparsed('server.ts', src.encode(), 'typescript')


@pytest.mark.parametrize(
    ('name', 'expected'),
    (
        pytest.param('fetch', http.Client('fetch', 'fetch', ''), id='fetch'),
        pytest.param('nodeFetch', http.Client('fetch', 'fetch', ''), id='fetch-like'),
        pytest.param('got', http.Client('throwing', 'got', ''), id='got'),
        pytest.param('https', None, id='node http is not called'),
        pytest.param('undici', None, id='undici is not called'),
    ),
)
def test_called_client(name, expected):
    assert http.called_client(name, http.FETCH_FUNCTIONS, http.CLIENTS) == expected


@pytest.mark.parametrize(
    ('module', 'method', 'expected'),
    (
        pytest.param('https', 'get', http.Client('node-http', 'https', ''), id='https.get'),
        pytest.param('https', 'post', None, id='https has no post'),
        pytest.param('undici', 'request', http.Client('fetch', 'undici', ''), id='undici.request'),
        pytest.param('got', 'post', http.Client('throwing', 'got', ''), id='got.post'),
        pytest.param('wretch', 'get', http.Client('throwing', 'axios', ''), id='a configured client is like axios'),
    ),
)
def test_method_client(module, method, expected):
    assert http.method_client(module, method) == expected


def test_file_facts_of_clients():
    file = file_of(
        "import fetch from '@/lib/fetch';\nimport axios from 'axios';\n"
        "const api = axios.create({ timeout: 5000 });\nconst raw = axios.create({ baseURL });\n"
        "got.defaults.options.timeout = 1;\n"
    )
    assert http.wrapped(file) == frozenset(('fetch',))
    assert http.instances(file) == {'api': ('axios', True), 'raw': ('axios', False)}
    assert http.makes_instances(file)
    assert http.default_timeouts(file) == frozenset(('got',))
    assert not http.timeout_option_honoured(file)
