from __future__ import annotations

import pytest

from vcx_hook.checks.error_handling import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Target

HEAD = "const Db = require('../lib/db');\n"


def findings(src: str, path: str = 'src/models/orders.js') -> list[tuple[int, str]]:
    result = audit.audit(Target(path, (HEAD + src).encode(), None), default_config())
    return [(f.line, f.confidence) for f in result.findings if f.check_id == ID and 'returned from the try' in f.message]


@pytest.mark.parametrize(
    'body',
    (
        pytest.param("  try {\n    return Db.from('orders').insert(row);\n  } catch (e) {\n    log(e);\n  }\n", id='direct'),
        pytest.param("  try {\n    const r = Db.from('orders').insert(row);\n    return r;\n  } catch (e) {\n    log(e);\n  }\n",
                     id='through a const'),
        pytest.param("  try {\n    return loadAll(row).then(format);\n  } catch (e) {\n    log(e);\n  }\n", id='then chain'),
    ),
)
def test_a_promise_returned_from_the_try(body):
    assert findings(f"async function save(row, url) {{\n{body}}}\n") == [(4, 'low')]


@pytest.mark.parametrize(
    'body',
    (
        pytest.param("  try {\n    return await Db.from('orders').insert(row);\n  } catch (e) {\n    log(e);\n  }\n", id='awaited'),
        pytest.param("  try {\n    const r = Db.from('orders').insert(row);\n    await r;\n    return r;\n  } catch (e) {\n    log(e);\n  }\n",
                     id='awaited before it is returned'),
        pytest.param("  try {\n    return Db.from('orders').insert(row).catch(log);\n  } catch (e) {\n    log(e);\n  }\n", id='caught'),
        pytest.param("  try {\n    return format(row);\n  } catch (e) {\n    log(e);\n  }\n", id='no promise shown'),
        pytest.param("  try {\n    return Db.from('orders').insert(row);\n  } finally {\n    done();\n  }\n", id='no catch'),
    ),
)
def test_not_asked(body):
    assert findings(f"async function save(row, url) {{\n{body}}}\n") == []


def test_a_sync_function_is_not_asked():
    src = "function save(row) {\n  try {\n    return Db.from('orders').insert(row);\n  } catch (e) {\n    log(e);\n  }\n}\n"
    assert findings(src) == []
