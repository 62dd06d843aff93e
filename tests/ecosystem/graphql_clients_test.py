from __future__ import annotations

import pytest

from vcx_hook.ecosystem import graphql_clients

from tests.ecosystem.bindings_test import asked
from tests.ecosystem.bindings_test import file_of


@pytest.mark.parametrize(('src', 'expression', 'declared', 'expected'), (
    pytest.param("import { Client } from '@urql/core';\nclient.query(doc, vars).toPromise();",
                 'client.query(doc, vars).toPromise()', {}, True, id='urql-imported'),
    pytest.param('client.mutation(doc, vars).toPromise();', 'client.mutation(doc, vars).toPromise()',
                 {'@urql/core': '3.1.0'}, True, id='urql-declared'),
    pytest.param('client.query(doc, vars).toPromise();', 'client.query(doc, vars).toPromise()',
                 {'rxjs': '^7'}, False, id='rxjs-rejects'),
    pytest.param("import { Client } from '@urql/core';\nhttp.get(url).toPromise();", 'http.get(url).toPromise()',
                 {}, False, id='not-an-operation'),
))
def test_resolves_with_error(src: str, expression: str, declared: dict[str, str], expected: bool) -> None:
    file = file_of(src)
    assert graphql_clients.resolves_with_error(file, asked(file, expression), declared) is expected
