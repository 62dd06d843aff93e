from __future__ import annotations

import pytest

from vcx_hook.checks.missing_cleanup import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Target

CONFIG = default_config()._replace(enabled=frozenset((ID,)), show='low')
HEAD = "import React, { useCallback, useEffect } from 'react';\n"


def findings(body: str) -> list[int]:
    src = f'{HEAD}export function View({{ bus }}) {{\n{body}\n}}\n'
    result = audit.audit(Target('src/view.tsx', src.encode(), None), CONFIG)
    return [f.line for f in result.findings if f.check_id == ID and 'drops what it returns' in f.message]


JOIN = ("  const join = useCallback(() => {\n"
        "    bus.on('change', f);\n"
        "    return () => bus.off('change', f);\n"
        "  }, [bus]);\n")


@pytest.mark.parametrize(
    'body',
    (
        pytest.param(JOIN + '  return <button onClick={join} />;', id='useCallback handed to onClick'),
        pytest.param(JOIN + '  return { join };', id='useCallback returned from the hook'),
        pytest.param("  const onClick = () => {\n    const t = setTimeout(reset, 3000);\n"
                     "    return () => clearTimeout(t);\n  };\n  return <a onClick={onClick} />;", id='a handler'),
    ),
)
def test_asked(body):
    assert findings(body) == [5]


@pytest.mark.parametrize(
    'body',
    (
        pytest.param(JOIN + '  useEffect(join, [join]);', id='an effect runs it'),
        pytest.param(JOIN + '  const stop = join();', id='the caller keeps the undo'),
        pytest.param(JOIN.replace('() =>', '(node) =>', 1) + '  return <div ref={join} />;', id='a ref callback'),
        pytest.param("  const onClick = () => {\n    const t = setTimeout(reset, 300);\n"
                     "    return () => clearTimeout(t);\n  };\n  return <a onClick={onClick} />;", id='a short timer'),
        pytest.param("  const onClick = () => {\n    return () => clearTimeout(t);\n  };\n"
                     "  return <a onClick={onClick} />;", id='nothing registered here'),
    ),
)
def test_not_asked(body):
    assert findings(body) == []
