from __future__ import annotations

import pytest

from vcx_hook.ecosystem import runtime
from vcx_hook.lang import scope


@pytest.mark.parametrize(
    ('path', 'expected'),
    (
        pytest.param('packages/plugin-gantt/src/client-v2/helpers/date.ts', (True, False), id='client-v2'),
        pytest.param('packages/plugin-gantt/src/client/helpers/date.ts', (True, False), id='client'),
        pytest.param('packages/sdk/src/client-api/date.ts', (False, False), id='client-api-is-not-a-client-app'),
        pytest.param('packages/plugin-gantt/src/server/helpers/date.ts', (False, True), id='server'),
    ),
)
def test_client_versions_run_in_the_browser(path: str, expected: tuple[bool, bool]) -> None:
    file = scope.File.unparsed(path, b'export const week = (d: Date) => d.getDay()\n', 'typescript')
    assert (runtime.is_browser(file), runtime.is_server(file)) == expected
