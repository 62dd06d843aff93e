from __future__ import annotations

from vcx_hook.engine.reformat import code_change
from vcx_hook.engine.target import Base
from vcx_hook.engine.target import Change
from vcx_hook.lang import syntax

OLD = '''const a = 1;
fetch(url).then(async (res) =>
  res.arrayBuffer(),
);
const b = 'x';
const c = 3;
'''
NEW = '''const a = 1;
fetch(url).then(async (res) => res.arrayBuffer())
const b = "y";
const c = 3;
const d = 4;
'''


def test_the_hunks_that_only_reformat_are_left_out():
    # Three hunks: rows 1-3 rewrapped into row 1, row 4 requoted with another value, row 5 added.
    change = Change(rows=((1, 2), (2, 3), (4, 5)))
    base = Base('a.js', OLD.encode(), Change(rows=((1, 4), (4, 5)), deletions=(6,)))
    root = syntax.parse(NEW.encode(), 'javascript').root
    assert code_change(change, base, root, NEW.encode()) == Change(rows=((2, 3), (4, 5)))


def test_deleting_blank_lines_is_formatting():
    old = 'f();\n\n\ng();\n'
    new = 'f();\ng();\n'
    base = Base('a.js', old.encode(), Change(rows=((1, 3),)))
    change = Change(rows=(), deletions=(1,))
    root = syntax.parse(new.encode(), 'javascript').root
    assert code_change(change, base, root, new.encode()) == Change(rows=())
    deleted_code = Base('a.js', b'f();\nh();\ng();\n', Change(rows=((1, 2),)))
    assert code_change(change, deleted_code, root, new.encode()) == change


def test_hunks_that_do_not_pair_up_are_all_kept():
    base = Base('a.js', b'f();\n', Change(rows=((0, 1),)))
    change = Change(rows=((0, 1), (3, 4)))
    root = syntax.parse(b'f()\n\n\ng()\n', 'javascript').root
    assert code_change(change, base, root, b'f()\n\n\ng()\n') == change


def test_deleting_console_calls_writes_nothing():
    old = 'function f(req) {\n  const z = req.query.z;\n  console.log(\n    "z", z);\n  read(z);\n}\n'
    new = 'function f(req) {\n  const z = req.query.z;\n  read(z);\n}\n'
    root = syntax.parse(new.encode(), 'javascript').root
    change = Change(rows=(), deletions=(2,))
    base = Base('a.js', old.encode(), Change(rows=((2, 4),)))
    assert code_change(change, base, root, new.encode()) == Change(rows=())
    # ... but a deleted statement of another kind, or a log deleted with it, is a change
    for other in ('  check(z);\n', '  console.log(z);\n  check(z);\n', '  logger.info(z);\n'):
        old2 = old.replace('  console.log(\n    "z", z);\n', other)
        base2 = Base('a.js', old2.encode(), Change(rows=((2, 2 + other.count('\n')),)))
        assert code_change(change, base2, root, new.encode()) == change, other
    # ... and a console call replaced by other code is a change
    replaced = new.replace('  read(z);', '  check(z);\n  read(z);')
    assert code_change(Change(rows=((2, 3),)), base, syntax.parse(replaced.encode(), 'javascript').root,
                       replaced.encode()) == Change(rows=((2, 3),))


def test_deleting_comments_writes_nothing():
    old = 'function f(req) {\n  const z = req.query.z;\n  // we decode it\n  /* twice */\n  read(z);\n}\n'
    new = 'function f(req) {\n  const z = req.query.z;\n  read(z);\n}\n'
    root = syntax.parse(new.encode(), 'javascript').root
    change = Change(rows=(), deletions=(2,))
    base = Base('a.js', old.encode(), Change(rows=((2, 4),)))
    assert code_change(change, base, root, new.encode()) == Change(rows=())
    # ... but a comment deleted with code, or code after a trailing comment, is a change
    for other in ('  // we decode it\n  check(z);\n', '  check(z); // we decode it\n'):
        old2 = old.replace('  // we decode it\n  /* twice */\n', other)
        base2 = Base('a.js', old2.encode(), Change(rows=((2, 2 + other.count('\n')),)))
        assert code_change(change, base2, root, new.encode()) == change, other


def test_a_hunk_that_reindents_and_changes_one_line_wrote_that_line_only():
    # A commit re-indents the whole file (spaces to tabs) and changes one read: one hunk each side.
    old = 'function f(id) {\n    const a = find(id);\n    save(a);\n    save(b);\n}\n'
    new = 'function f(id) {\n\tconst a = findBy({ id });\n\tsave(a);\n\tsave(b);\n}\n'
    base = Base('a.js', old.encode(), Change(rows=((1, 4),)))
    change = Change(rows=((1, 4),))
    root = syntax.parse(new.encode(), 'javascript').root
    assert code_change(change, base, root, new.encode()) == Change(rows=((1, 2),))
    # A line deleted among re-indented ones is a deletion at its place.
    gone = 'function f(id) {\n\tconst a = find(id);\n\tsave(b);\n}\n'
    root = syntax.parse(gone.encode(), 'javascript').root
    assert code_change(Change(rows=((1, 3),)), base, root, gone.encode()) == Change(rows=(), deletions=(2,))


def test_hunks_cut_apart_are_matched_line_by_line():
    # Moved code left out cuts the new side's hunk in two: the sides no longer pair up, so the
    # re-indented lines are found by matching the whole files, white space left out.
    old = 'function f(id) {\n    const a = find(id);\n    save(a);\n    save(b);\n}\n'
    new = 'function f(id) {\n\tconst a = findBy({ id });\n\tsave(a);\n\tsave(b);\n}\n'
    base = Base('a.js', old.encode(), Change(rows=((1, 4),)))
    change = Change(rows=((1, 2), (3, 4)))
    root = syntax.parse(new.encode(), 'javascript').root
    assert code_change(change, base, root, new.encode()) == Change(rows=((1, 2),))
