"""autograd.files: the one atomic write the workbook and the progress file share."""

from __future__ import annotations

import os

import pytest

from autograd.files import reason, write_atomically


def test_a_write_replaces_the_file_whole(tmp_path):
    target = tmp_path / "notes.json"
    target.write_text("old")
    write_atomically(target, "new ✔\n")
    assert target.read_text(encoding="utf-8") == "new ✔\n"
    assert [p.name for p in tmp_path.iterdir()] == ["notes.json"]  # no temporary file left


def test_a_symlink_is_replaced_not_written_through(tmp_path):
    solution = tmp_path / "solution.ipynb"
    solution.write_text("the answers")
    link = tmp_path / "copy.ipynb"
    link.symlink_to(solution)
    write_atomically(link, "blanked")
    assert solution.read_text() == "the answers" and not link.is_symlink()
    assert link.read_text() == "blanked"


def test_a_failed_write_leaves_nothing_behind(tmp_path):
    folder = tmp_path / "missing"
    with pytest.raises(OSError) as raised:
        write_atomically(folder / "x.json", "text")
    assert reason(raised.value) == "no such file or directory"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_a_new_file_gets_the_permissions_the_umask_gives(tmp_path, umask, mode):
    old = os.umask(umask)
    try:
        write_atomically(tmp_path / "new.json", "{}")
    finally:
        os.umask(old)
    assert (tmp_path / "new.json").stat().st_mode & 0o777 == mode


def test_a_replaced_file_keeps_its_own_permissions(tmp_path):
    target = tmp_path / "shared.json"
    target.write_text("old")
    target.chmod(0o640)
    write_atomically(target, "new")
    assert target.stat().st_mode & 0o777 == 0o640
