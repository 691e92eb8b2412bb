"""A store copied by careless hands (zip, scp -r, cp -rL, a sync tool), its pointer lost, marked
with a format this plankg does not know, damaged on disk: refused in one line, never read as
empty, never written over; backed up and restored as plain files."""

from __future__ import annotations

import json
import os
import shutil
import zipfile

import pytest

from plankg.graph.store import DiskStore

from .test_hostile_use import PLAN, snapshot


def legacy(store_dir):
    """The store in the older layout: a 'current' symbolic link instead of current.json."""
    pointer = json.loads((store_dir / "current.json").read_text("utf-8"))["current"]
    (store_dir / "current.json").unlink()
    (store_dir / "current").symlink_to(pointer)
    return store_dir


def one_line(result) -> bool:
    return result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1


def test_a_store_of_the_older_layout_still_opens_and_is_written_in_the_new_one(run, store_dir, tmp_path):
    before = snapshot(store_dir)
    legacy(store_dir)
    assert snapshot(store_dir) == before
    (tmp_path / "plan.txt").write_text(PLAN.format(n=5), encoding="utf-8")
    assert run("build", str(tmp_path / "plan.txt"), "--no-output", store=store_dir).exit_code == 0
    assert (store_dir / "current.json").is_file() and not (store_dir / "current").exists()
    assert set(before) < set(snapshot(store_dir))


@pytest.mark.parametrize("how", ["cp -rL", "link lost"])
def test_an_older_store_copied_by_a_tool_that_follows_or_drops_links(run, store_dir, tmp_path, how):
    before = snapshot(legacy(store_dir))
    copy = tmp_path / "copy"
    shutil.copytree(store_dir, copy, symlinks=False)  # the link becomes a folder, as zip and scp -r do
    if how == "link lost":
        shutil.rmtree(copy / "current")
        versions = sorted(p.name for p in copy.glob("data-*"))
        result = run("query", "documents", store=copy)
        assert one_line(result) and "current.json" in result.stderr and "538-KH/TU" not in result.stdout
        (tmp_path / "plan.txt").write_text(PLAN.format(n=5), encoding="utf-8")
        assert one_line(run("build", str(tmp_path / "plan.txt"), "--no-output", store=copy))
        assert sorted(p.name for p in copy.glob("data-*")) == versions  # nothing written over, nothing deleted
        return
    assert snapshot(copy) == before
    (tmp_path / "plan.txt").write_text(PLAN.format(n=5), encoding="utf-8")
    assert run("build", str(tmp_path / "plan.txt"), "--no-output", store=copy).exit_code == 0
    assert set(before) < set(snapshot(copy))


def test_a_store_missing_its_pointer_is_refused_and_not_written_over(run, store_dir, tmp_path):
    (store_dir / "current.json").unlink()
    files = sorted(str(p.relative_to(store_dir)) for p in store_dir.rglob("*") if p.name != "lock")
    result = run("export", store=store_dir)
    assert one_line(result) and result.stdout == ""
    (tmp_path / "plan.txt").write_text(PLAN.format(n=5), encoding="utf-8")
    assert one_line(run("build", str(tmp_path / "plan.txt"), "--no-output", store=store_dir))
    assert sorted(str(p.relative_to(store_dir)) for p in store_dir.rglob("*") if p.name != "lock") == files


def test_a_store_zipped_and_unzipped_reads_the_same(store_dir, tmp_path):
    archive = shutil.make_archive(str(tmp_path / "store"), "zip", store_dir)
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(tmp_path / "unzipped")
    assert snapshot(tmp_path / "unzipped") == snapshot(store_dir)


def test_a_store_of_an_unknown_format_version_is_refused(run, store_dir, tmp_path):
    (store_dir / "plankg-store.json").write_text('{"format": "plankg-store", "version": 99}\n', encoding="utf-8")
    result = run("query", "documents", store=store_dir)
    assert one_line(result) and "99" in result.stderr
    (tmp_path / "plan.txt").write_text(PLAN.format(n=5), encoding="utf-8")
    versions = sorted(p.name for p in store_dir.glob("data-*"))
    assert one_line(run("build", str(tmp_path / "plan.txt"), "--no-output", store=store_dir))
    assert sorted(p.name for p in store_dir.glob("data-*")) == versions


def test_a_write_never_deletes_a_version_folder_it_did_not_create(store_dir):
    stranger = store_dir / "data-000090"
    shutil.copytree(next(store_dir.glob("data-*")), stranger)  # e.g. left by a copy, or put there by hand
    store = DiskStore(store_dir)
    for _ in range(3):
        store.write(lambda working: None)
    assert stranger.is_dir() and len(list(store_dir.glob("data-*"))) == 3  # the stranger, previous, current
    assert json.loads((store_dir / "current.json").read_text("utf-8"))["current"] == "data-000093"


def test_a_truncated_engine_file_is_one_line_and_store_check_names_it(run, store_dir):
    current = store_dir / json.loads((store_dir / "current.json").read_text("utf-8"))["current"]
    largest = max(current.glob("*.sst"), key=lambda p: p.stat().st_size)
    os.truncate(largest, largest.stat().st_size // 2)
    assert one_line(run("export", store=store_dir))
    assert one_line(run("build", "--no-output", store=store_dir))
    check = run("store", "check", store=store_dir)
    assert check.exit_code == 1 and "damaged" in check.stdout and largest.name in check.stdout


def test_backup_is_plain_files_and_restore_brings_the_graph_back(run, store_dir, tmp_path):
    before = snapshot(store_dir)
    backup = tmp_path / "backup"
    assert run("store", "backup", str(backup), store=store_dir).exit_code == 0
    files = [p for p in backup.rglob("*")]
    assert not any(p.is_symlink() for p in files)
    assert all(p.stat().st_nlink == 1 for p in files if p.is_file())
    assert run("store", "check", store=backup).exit_code == 0
    assert run("remove", "quang-ninh-538-KH-TU.txt", "-o", str(tmp_path / "g.trig"), store=store_dir).exit_code == 0
    assert snapshot(store_dir) != before
    assert run("store", "restore", str(backup), store=store_dir).exit_code == 0
    assert snapshot(store_dir) == before
    assert one_line(run("store", "backup", str(backup), store=store_dir))  # never into a folder that has files
