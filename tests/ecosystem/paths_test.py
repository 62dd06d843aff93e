from __future__ import annotations

import pytest

from vcx_hook.ecosystem import paths


@pytest.mark.parametrize(
    ('path', 'expected'),
    (
        pytest.param('db/seeds/users.js', True, id='seeds'),
        pytest.param('src/Migrations/001.ts', True, id='migrations'),
        pytest.param('scripts/backfill.js', True, id='scripts'),
        pytest.param('src/seedling.ts', False, id='word-inside-a-name'),
        pytest.param('src/users/service.ts', False, id='application'),
    ),
)
def test_setup_path(path: str, expected: bool) -> None:
    assert paths.is_setup_path(path) is expected
