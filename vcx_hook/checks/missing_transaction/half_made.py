"""Which of the writes in sequence missing-transaction names, and why every such pair is low.

Low as a whole since round 26: two writes with no transaction around them, listed, were worth asking
38% of the 133 times judged on held-out code over rounds 15 to 26 (38 worth asking, 24 borderline, 71
not), after round 14 had narrowed them to the pairs below, and 28% of 74 over rounds 21 to 26: what
was wrong was mostly what the code does not show (a sync the next run heals, a caller's transaction,
a state nobody reads). ``python bench/judged/shapes.py --held-out --check missing-transaction``.

Preferred (``listed``: the pair a question names, when a function has several): a record made and
then another written, its child, its link or its owner (`project`
then its `client`, `workspace` then the member who can reach it, an attachment then the invoice it
pays): when the second fails the first is there half-made, the user sees it, and a retry makes a
second one; writes tied by data flow (``feeds``: the second uses what the first made, rewrites the
rows hanging on the record the first changed, or inserts again the set the first deleted); and money
or stock moved (`{ balance: { decrement } }` then `{ balance: { increment } }`, `{ stock: { decrement } }`).
Not preferred: a first write known only by a helper's name (`updateBalance()` twice included: 18% of 20 on
held-out code, ``listed``), a run's log made at its start beside the batch's writes (``run_logs``), a record made and then a delete (an archive copy, then the original:
23% of 11), a record made and then written again in its own table, the model's create and a SQL statement on the table its ORM names
for it (``SentryPipelineRun.create()``, then ``UPDATE sentry_pipeline_runs``: one record made in two steps;
ethernal's pipeline-run webhook, round 22, not worth asking), the record a create returned updated
by its key (``update(flow.id, ...)``: a payment flow's provider id written in after the provider
call; beabee, round 23, not worth asking), and the rest (deletes first, two updates, a status set beside another
write, a write made for each element of a loop that is over before the second runs, unless money or
stock moves), a second write alone in a ``try`` whose ``catch`` goes on (a best-effort copy, money
in its fields or not), a counter written from a count of the first write's table (``recounts``)
and two writes in a ``try`` whose ``catch`` deletes from the first one's table (a compensation),
which on held-out code was mostly retry-safe or bookkeeping (bench/judged: 20%
of the 52 judged rows still asked low); and two writes through a unit of work a parameter brings
(``units``: not worth asking 8 of 8 in round 18), whose performer opens the transaction, or a write
a provider sends to another service over HTTP (``ecosystem.remote_providers``), which none here spans."""
from __future__ import annotations

from collections.abc import Iterable

from vcx_hook.checks.missing_transaction import feeds
from vcx_hook.checks.missing_transaction import imported
from vcx_hook.checks.missing_transaction import recounts
from vcx_hook.checks.missing_transaction import run_logs
from vcx_hook.checks.missing_transaction import units
from vcx_hook.checks.missing_transaction.candidates import gathered_callback
from vcx_hook.checks.missing_transaction.candidates import owner_of
from vcx_hook.checks.missing_transaction.writes import Write
from vcx_hook.checks.missing_transaction.writes import one_table
from vcx_hook.checks.missing_transaction.writes import target_of
from vcx_hook.ecosystem import stores
from vcx_hook.finding import LOW
from vcx_hook.lang import scope as s
from vcx_hook.lang.syntax import Node

CONFIDENCE = LOW
_CATCH = frozenset(('catch_clause',))
_TRY = frozenset(('try_statement',))
_HANDED_ON = frozenset(('next', 'reject', 'done', 'callback', 'cb'))


def listed(first: Write, second: Write) -> bool:
    if s.inside(second.node, _CATCH) is not None:
        return False  # it records or undoes a failure: `catch { await credits.delete(...) }`
    # A first write known only by a helper's name (`withdrawReferral()`, `saveChargeVersion()` in a
    # loop, a mapper named `updateChargeInformationToJson()`, `insertStreamEvents()` into another
    # store): what it writes, and where, the code does not say (a remote API, a per-item loop, another
    # database), money in its name or not. Judged on held-out code, every round to 14 (the rows of
    # shapes.py --held-out re-run with score.py --mirrors): worth asking 18% of 20 (1 worth, 5
    # borderline, 14 not), 17% of the 12 judged while listed. Low; the pairs listed after it, a store write first,
    # are worth asking 69% of 58 (33, 14, 11), a named helper second among them 2 of 3.
    if first.named_only:
        return False
    if first.remote or second.remote:
        return False  # an HTTP call to another service: no transaction of this database spans it
    if units.handed_in(first, second):
        return False  # a unit of work a parameter brings: its performer opens the transaction
    if _made_then_updated(first, second):
        return False  # one record's states: made `processing`, then set `failed` by its own key
    if run_logs.brackets(first, second) or run_logs.closes(first, second):
        return False  # a run's log made at its start and closed by its key at its end, the batch between
    if _best_effort(first, second):
        return False  # the author kept the first write when the second fails, money in its fields or not
    if _compensated(first, second):
        return False  # the catch around both deletes what the first made: the author undoes it by hand
    if first.quantity or second.quantity:
        return True
    if recounts.recounted(first, second):
        return False  # a counter recomputed from the rows the first write changed: the next write heals it
    if _loop_done_before(first, second):
        return False  # a batch in phases: every item of a loop written, then something after it
    if _copied_then_deleted(first, second):
        return False
    if _between_records(first, second) or feeds.tied(first, second):
        return True
    return first.creates and not one_table(first, second)  # not a seed in parts, nor one record made in two steps


def _made_then_updated(first: Write, second: Write) -> bool:
    """A record made, then updated in its own table by a key the create wrote (``create({ data: {
    scheduleRecordId, status: 'processing' } })``, then ``update({ where: { scheduleRecordId }, data:
    { status: 'failed' } })``): a status lifecycle around the work between, which a transaction
    would hide (judged not worth asking, refly schedule.processor.ts, Perplexica's answering/completed
    message)."""
    if not first.creates or second.creates or not first.target or first.target != second.target:
        return False
    if second.method not in stores.RECORD_UPDATES:
        return False
    args = s.arguments(second.node)
    where = s.object_keys(s.unwrap(args[0])).get('where') if args and s.unwrap(args[0]).type == 'object' else None
    keys = feeds.values_of(where) if where is not None else set()
    if bool(keys) and keys <= feeds.values_of(first.node):
        return True
    return bool(args) and _by_made_key(first, s.unwrap(args[0]))


def _by_made_key(first: Write, selector: Node) -> bool:
    """The update names its record by the key of the one the first write returned: TypeORM's
    ``update(flow.id, { paymentFlowId })`` after ``const flow = await repo.save({...})``, Mongoose's
    ``updateOne({ _id: doc._id }, ...)``. The row made, then a field the work between produced
    written into it (a payment flow's provider id, after the provider call no transaction spans:
    beabee's startPaymentFlow, round 23, judged not worth asking)."""
    made = {f'{name}.{key}' for name in feeds.declared(first.node) for key in stores.RECORD_KEYS}
    if selector.type == 'member_expression':
        return s.text(selector) in made
    if selector.type != 'object':
        return False
    values = {s.text(s.unwrap(v)) for k, v in s.object_keys(selector).items() if k in stores.RECORD_KEYS}
    return bool(values) and values <= made


def _copied_then_deleted(first: Write, second: Write) -> bool:
    """A record made, then a delete (an archive copy, then the row it copies; a blacklist entry, then
    the rows it bans; the member, then the invitation): the safe order of a move, whose half-done
    state is both, which a retry or the next run finishes. Judged on held-out code, every round to
    15 (shapes.py --held-out, messages of a create, insert or save, then a delete, remove or
    destroy): worth asking 23% of 11 (1 worth, 3 borderline, 7 not). Low."""
    words = s.name_words(second.method)[:1]
    return first.creates and (second.method in stores.DELETES or words in (['delete'], ['remove'], ['destroy']))


def _best_effort(first: Write, second: Write) -> bool:
    """The second write alone in a ``try`` (the first outside it) whose ``catch`` goes on: it neither
    throws nor returns nor hands the error on (``logger.error('replication failed', e)``). The author
    chose to keep the first write when the second fails (nosgestesclimat-server's Mongoose ``save()``
    then a ``prisma.x.upsert()`` copying the record to Postgres: two databases no transaction spans).
    Judged in round 17's replay of held-out history (bench/judged/replay/round17.csv): not worth
    asking 7 of 7, at every route that added one. Low: a reviewer may still ask whether the half
    state is acceptable, but the code shows it was weighed."""
    if _caught_on_the_promise(second.node):
        return True  # `await prisma.x.upsert(...).catch((e) => logger.error('replication failed', e))`
    tried = s.inside(second.node, _TRY)
    if tried is None:
        return False
    body, handler = tried.child_by_field_name('body'), tried.child_by_field_name('handler')
    if body is None or handler is None or not body.start_byte <= second.node.start_byte < body.end_byte:
        return False  # in a catch or finally, or no catch
    if body.start_byte <= first.node.start_byte < body.end_byte:
        return False  # one try around both writes: either failure ends up in the same catch
    return not _leaves_or_rethrows(handler)


def _compensated(first: Write, second: Write) -> bool:
    """What the first write made is deleted by hand when the second fails: both writes in one ``try``
    whose ``catch`` deletes from the first write's table (``catch { await SlotUsageCheque.delete({ id:
    cheque.id }); throw e }``; builder-server's third-party publish, round 24; postiz's credits and
    ai-answers' dataset: judged not worth asking 3 times of 3), or an ``if`` on the result the second
    returns that does (``const saved = await saveWorkflowToNormalizedTables(id, state); if
    (!saved.success) { await db.delete(workflow).where(eq(workflow.id, id)); return ... }``: sim's
    workflow imports, round 25, judged not worth asking 3 times of 3)."""
    if not first.target:
        return False
    tried = s.inside(second.node, _TRY)
    body = tried.child_by_field_name('body') if tried is not None else None
    handler = tried.child_by_field_name('handler') if tried is not None else None
    if body is not None and handler is not None and body.start_byte <= first.node.start_byte < body.end_byte \
            and _deletes(handler, first.target):
        return True
    checked = _failure_branch(second.node)
    return checked is not None and _deletes(checked, first.target)


def _deletes(node: Node, target: str) -> bool:
    """``node`` deletes from the table ``target`` names (``Cheque``, Drizzle's ``db(workflow)``)."""
    for n in feeds.walk(node):
        if n.type == 'call_expression' and s.name_words(s.callee_name(n))[:1] in (['delete'], ['remove'], ['destroy']):
            recv = s.receiver(n)
            if (recv is not None and s.text(recv) == target) or target_of(n) == target:
                return True
    return False


def _failure_branch(call: Node) -> Node | None:
    """The branch of the ``if`` right after ``call``'s statement that tests what ``call`` returned
    (``const result = await save(...); if (!result.success) { ... }``)."""
    results = feeds.declared(call)
    statement = next((a for a in s.ancestors(call) if s.parent_of(a) is not None
                      and s.parent_of(a).type in ('statement_block', 'program')), None)
    after = statement.next_named_sibling if statement is not None else None
    while after is not None and after.type == 'comment':
        after = after.next_named_sibling
    if not results or after is None or after.type != 'if_statement':
        return None
    condition = after.child_by_field_name('condition')
    if condition is None or not any(n.type == 'identifier' and s.text(n) in results for n in feeds.walk(condition)):
        return None
    return after.child_by_field_name('consequence')


def _caught_on_the_promise(call: Node) -> bool:
    """``call``'s chain ends in a ``.catch(fn)`` whose ``fn`` goes on (neither throws nor returns)."""
    caught = [c for c in s.chain_calls(s.chain_top(call)) if s.callee_name(c) == 'catch']
    args = s.arguments(caught[0]) if caught else []
    if len(args) != 1 or args[0].type not in s.FUNCTION_TYPES:
        return False
    body = args[0].child_by_field_name('body')
    return body is not None and (body.type != 'statement_block' or not _leaves_or_rethrows(body))


def _leaves_or_rethrows(handler: Node) -> bool:
    """A ``throw``, a ``return`` or a call handing the error on (``next(err)``, ``reject(err)``)
    in the catch clause, outside functions nested in it."""
    stack = list(handler.named_children)
    while stack:
        node = stack.pop()
        if node.type in ('throw_statement', 'return_statement'):
            return True
        if node.type == 'call_expression' and s.callee_name(node) in _HANDED_ON:
            return True
        if node.type not in s.FUNCTION_TYPES:
            stack += node.named_children
    return False


def _between_records(first: Write, second: Write) -> bool:
    """Two records of one table changed in place, one after the other: something moves between
    them (an ownership passed on, a seat given back), and a failure leaves it on both or neither."""
    return (first.method in stores.RECORD_UPDATES and second.method in stores.RECORD_UPDATES
            and bool(first.target) and first.target == second.target
            and bool(first.record) and bool(second.record) and first.record != second.record
            and not _one_row(first, second))


def _one_row(first: Write, second: Write) -> bool:
    """The two filters pick one row: the names one reads are all read by the other (a claim,
    ``where(and(eq(task.id, taskId), eq(task.status, 'received')))``, then ``where(eq(task.id,
    taskId))``): its status moved on around work no transaction spans (sim's inbox task and image
    build, round 25: not worth asking 2 of 2), not something moved between two records."""
    a, b = _filtered_by(first.node), _filtered_by(second.node)
    if a and b and (a <= b or b <= a):
        return True
    keys_a, keys_b = _keys(first.node), _keys(second.node)
    shared = keys_a.keys() & keys_b.keys()
    return bool(shared) and any(keys_a[c] & keys_b[c] for c in shared) \
        and all(keys_a[c] & keys_b[c] for c in shared)


def _filtered_by(call: Node) -> set[str]:
    out: set[str] = set()
    for link in _filters(call):
        for arg in s.arguments(link):
            out |= feeds.values_of(arg)
    return out


def _keys(call: Node) -> dict[str, set[str]]:
    """Column -> the names it is compared to in the write's filter (``eq(image.specHash,
    payload.specHash)``); a literal (``eq(image.status, 'pending')``) checks a state, not a key."""
    out: dict[str, set[str]] = {}
    for link in _filters(call):
        for n in feeds.walk(link):
            args = s.arguments(n) if n.type == 'call_expression' and s.callee_name(n) == 'eq' else []
            if len(args) == 2 and s.unwrap(args[1]).type in ('identifier', 'member_expression'):
                out.setdefault(s.text(args[0]), set()).add(s.text(args[1]))
    return out


def _filters(call: Node) -> list[Node]:
    return [link for link in s.chain_calls(s.chain_top(call)) if s.callee_name(link) in stores.ROW_FILTERS]


def pick(pairs: Iterable[tuple[Write, Write]]) -> tuple[Write, Write] | None:
    """The first pair ``listed`` prefers, else the first pair: the one the question names. A pair
    with a write known only through the body of a helper of another file (``imported``) is asked
    only where it would be preferred, or where the two helpers replace one set: its other shapes (a
    status set, then a helper's log; a token consumed, then a run recorded) were mostly not worth
    asking on four tuning applications (papermark, domifa, midday, podkrepi)."""
    first = None
    for pair in pairs:
        through = any(imported.only_through_helper(w) for w in pair)
        if listed(*pair) or (through and imported.replaces_across(*pair)):
            return pair
        if not through:
            first = first or pair
    return first


def _loop_done_before(first: Write, second: Write) -> bool:
    """The first write is made for each element of a loop that is over when the second runs: a sync's
    items, then the folders it deletes; an import's items, then their tags (joplin, judged not worth
    asking: a retry or the next run finishes the batch, which no transaction was meant to hold)."""
    fn = owner_of(first.node)
    for a in s.ancestors(first.node):
        if a == fn:
            return False
        if (a.type in s.LOOP_TYPES or gathered_callback(a)) and not (a.start_byte <= second.node.start_byte < a.end_byte):
            return True
    return False
