from __future__ import annotations

from vcx_hook.engine.gitcli import _parse_raw
from vcx_hook.engine.gitcli import Staged

A = 'a' * 40
B = 'b' * 40
Z = '0' * 40


def test_raw_records_with_a_rename_and_a_name_that_is_not_utf8():
    out = (
        f':100644 100644 {A} {B} M\0src/a.js\0'
        f':100644 100755 {A} {B} R087\0old.js\0new.js\0'
        f':000000 100644 {Z} {B} A\0'.encode() + b'caf\xe9.js\0'
    )
    assert _parse_raw(out) == [
        Staged('M', 0o100644, 0o100644, A, B, 'src/a.js', 'src/a.js'),
        Staged('R', 0o100644, 0o100755, A, B, 'old.js', 'new.js'),
        Staged('A', 0, 0o100644, Z, B, 'caf\udce9.js', 'caf\udce9.js'),
    ]


def test_raw_output_git_would_not_print_is_refused():
    assert _parse_raw(f':100644 {A} {B} M\0a.js\0'.encode()) is None
    assert _parse_raw(f':100644 100644 {A} {B} R100\0only-one.js'.encode()) is None
    assert _parse_raw(b'') == []
