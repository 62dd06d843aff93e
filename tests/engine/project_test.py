"""What the hook reads of the project besides the staged files (engine/project.py)."""
from __future__ import annotations

import pytest

from vcx_hook.engine.project import _module_name


@pytest.mark.parametrize(('path', 'name'), [
    ('src/lib/utils/client.ts', b'client'),
    ('packages/shared/index.ts', b'shared'),
    ('packages/shared/dashboards/index.ts', b'dashboards'),
    ('app/page.client.tsx', b'page'),
    ('caf\udce9.js', b'caf\xe9'),
])
def test_a_staged_module_is_found_in_its_importers_by_this_name(path, name):
    assert _module_name(path) == name
