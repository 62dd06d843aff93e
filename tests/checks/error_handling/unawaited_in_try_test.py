from __future__ import annotations

import pytest

from vcx_hook.checks.error_handling import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Target

CONFIG = default_config()._replace(enabled=frozenset((ID,)), show='low')


def lines(body: str) -> list[int]:
    src = f'export function copy(text, el) {{\n  {body}\n}}\ncopy();\n'
    result = audit.audit(Target('src/copy.js', src.encode(), None), CONFIG)
    return [f.line for f in result.findings if f.check_id == ID and 'nobody awaits' in f.message]


@pytest.mark.parametrize(
    'body',
    (
        pytest.param('try {\n    navigator.clipboard.writeText(text);\n  } catch { fallback(text); }', id='clipboard'),
        pytest.param('try {\n    navigator.share({ text });\n  } catch (e) { log(e); }', id='share'),
        pytest.param('try {\n    navigator?.clipboard?.readText();\n  } catch { fallback(); }', id='optional chain'),
    ),
)
def test_asked(body):
    assert lines(body) == [3]


@pytest.mark.parametrize(
    'body',
    (
        pytest.param('navigator.clipboard.writeText(text);', id='no try'),
        pytest.param('try {\n    await navigator.clipboard.writeText(text);\n  } catch { fallback(text); }', id='awaited'),
        pytest.param('try {\n    navigator.clipboard.writeText(text).catch(fallback);\n  } catch { fallback(text); }',
                     id='its own catch'),
        pytest.param('try {\n    const done = navigator.clipboard.writeText(text);\n    return done;\n  } catch {}',
                     id='kept'),
        pytest.param('try {\n    app.clipboard.writeText(text);\n  } catch { fallback(text); }', id="electron's, synchronous"),
        pytest.param('try {\n    x();\n  } finally {\n    navigator.clipboard.writeText(text);\n  }', id='not in a try body'),
    ),
)
def test_not_asked(body):
    assert lines(body) == []
