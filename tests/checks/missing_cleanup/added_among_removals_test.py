"""A listener added in a block that removes its target's listeners, never removed anywhere."""
from __future__ import annotations

import pytest

from vcx_hook.checks.missing_cleanup import ID

from tests import helpers

findings = helpers.bind(helpers.findings, ID, 'x.js')


def ref(detach: str, attach: str = "e.addEventListener('cancel', this.onCancel);\n"
                                    "      e.addEventListener('keydown', this.onKeyDown);") -> str:
    return ('class Dialog {\n  onRef = (e) => {\n    if (!e) {\n'
            f'      {detach}\n    }} else {{\n      {attach}\n    }}\n    this.el = e;\n  }};\n}}\n')


def test_added_where_it_should_be_removed():
    src = ref("this.el.removeEventListener('cancel', this.onCancel);\n      this.el.addEventListener('keydown', this.onKeyDown);")
    assert [f.split(' ')[0] for f in findings(src)] == ['x.js:5']
    assert 'among removals' in findings(src)[0]


@pytest.mark.parametrize('detach', (
    pytest.param("this.el.removeEventListener('cancel', this.onCancel);\n      this.el.removeEventListener('keydown', this.onKeyDown);",
                 id='removed'),
    pytest.param("this.el.removeEventListener('keydown', this.onOld);\n      this.el.addEventListener('keydown', this.onKeyDown);\n"
                 "      other.removeEventListener('keydown', this.onKeyDown);", id='handler swapped, removed elsewhere'),
    pytest.param("this.el.removeEventListener('cancel', this.onCancel);\n      this.el.addEventListener('resize', this.onResize);",
                 id='added nowhere else'),
    pytest.param("this.el.removeEventListener('cancel', this.onCancel);\n      other.addEventListener('keydown', this.onKeyDown);",
                 id='another target'),
))
def test_not_asked(detach):
    assert [f for f in findings(ref(detach)) if 'among removals' in f] == []
