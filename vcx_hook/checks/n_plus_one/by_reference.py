"""The rule: a loader helper handed to ``map`` by name (``Promise.all(userIds.map(getUser))``)."""
from __future__ import annotations

from vcx_hook.checks.n_plus_one.data_calls import data_module_name
from vcx_hook.checks.n_plus_one.data_calls import loader_name
from vcx_hook.checks.n_plus_one.data_calls import reads
from vcx_hook.checks.n_plus_one.elements import BY
from vcx_hook.checks.n_plus_one.elements import ID_LIKE
from vcx_hook.checks.n_plus_one.elements import tail
from vcx_hook.checks.n_plus_one.iterations import Names
from vcx_hook.checks.n_plus_one.iterations import chunks
from vcx_hook.checks.n_plus_one.iterations import gathered
from vcx_hook.checks.n_plus_one.iterations import small_fixed
from vcx_hook.checks.n_plus_one.rows import CONFIDENCE as ROWS_CONFIDENCE
from vcx_hook.checks.n_plus_one.rows import rows_of_a_read
from vcx_hook.checks.n_plus_one.wording import short
from vcx_hook.finding import LOW
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node


def per_reference(scope: Scope, ref: Node, names: Names) -> tuple[str, str] | None:
    """``Promise.all(userIds.map(getUser))``: a loader helper handed to ``map`` by name; low, and
    a loader of the project's data module mapped over the rows of a read (``users.map(getProfile)``
    after ``await getUsers(ids)``) takes the rows' confidence (``rows.CONFIDENCE``)."""
    call = s.parent_of(s.parent_of(ref)) if s.parent_of(ref) is not None else None
    if call is None or call.type != 'call_expression' or s.is_ui_file(scope.file):
        return None
    name = s.text(ref)
    obj = s.receiver(call)
    method = s.callee_name(call)
    if obj is None or not loader_name(name, names) or (method != 'forEach' and not gathered(call)):
        return None
    if not (BY.search(name) or ID_LIKE.search(tail(obj))) or small_fixed(obj) or chunks(obj):
        return None
    of_rows = data_module_name(ref, scope.file) and rows_of_a_read(obj, lambda c: reads(c, names, scope.file))
    message = f'`{name}()` runs once per element of `{short(obj, 24)}.{method}()` on line {call.start_point.row + 1}'
    return message, ROWS_CONFIDENCE if of_rows else LOW

