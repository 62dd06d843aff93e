"""Fixtures shared by the test modules (a module may define its own ``repo`` instead)."""
import pytest

from tests.helpers import git


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """An empty git repository as the working directory, with no index file a hook run passed down."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv('GIT_INDEX_FILE', raising=False)
    git(tmp_path, 'init', '-q')
    return tmp_path
