"""Store guarantees: idempotent builds, all-or-nothing writes, one writer, clear refusals."""
import fcntl
import os
import signal
import subprocess
import sys
import textwrap
import time

import pyoxigraph as ox
import pytest

from plankg.errors import PlankgError
from plankg.graph.store import DiskStore, open_store
from plankg.pipeline import build


def snapshot(store) -> list[str]:
    return sorted(map(str, store.reader()))


def test_building_twice_gives_the_same_triples(store_dir, corpus):
    store = DiskStore(store_dir)
    before = snapshot(store)
    build(list(corpus.values()), store, None)
    assert snapshot(DiskStore(store_dir)) == before


def test_a_failing_input_leaves_the_store_as_it_was(store_dir, corpus, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .")
    before = snapshot(DiskStore(store_dir))
    with pytest.raises(PlankgError, match="malformed"):
        build([corpus["quang-ninh-538-KH-TU.txt"], bad], DiskStore(store_dir), None)
    assert snapshot(DiskStore(store_dir)) == before


def test_an_error_inside_a_write_changes_nothing(store_dir):
    store = DiskStore(store_dir)
    before = snapshot(store)

    def change(working: ox.Store):
        working.clear()
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        store.write(change)
    assert snapshot(DiskStore(store_dir)) == before


def test_a_second_writer_is_refused_with_a_clear_message(store_dir):
    with open(store_dir / "lock", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        with pytest.raises(PlankgError, match="being written"):
            DiskStore(store_dir).write(lambda working: None, wait=0.3)


def test_a_build_killed_half_way_leaves_the_store_as_it_was(store_dir):
    before = snapshot(DiskStore(store_dir))
    script = textwrap.dedent(f"""
        import time, pyoxigraph as ox
        from plankg.graph.store import DiskStore
        def change(working):
            working.clear()
            working.flush()
            print("cleared", flush=True)
            time.sleep(60)
        DiskStore({str(store_dir)!r}).write(change)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "cleared"
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    assert snapshot(DiskStore(store_dir)) == before
    DiskStore(store_dir).write(lambda working: None)  # and it can be written again
    assert snapshot(DiskStore(store_dir)) == before


def test_a_folder_that_is_not_a_store_is_refused(tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(PlankgError, match="not a plankg store"):
        DiskStore(tmp_path).write(lambda working: None)
    with pytest.raises(PlankgError, match="not a plankg store"):
        DiskStore(tmp_path).reader()


def test_a_missing_store_says_to_build_first(tmp_path):
    with pytest.raises(PlankgError, match="plankg build"):
        DiskStore(tmp_path / "none").reader()


def test_memory_store_is_selected_by_name():
    assert type(open_store(":memory:")).__name__ == "MemoryStore"


def test_old_versions_are_cleaned_up(store_dir):
    store = DiskStore(store_dir)
    for _ in range(3):
        store.write(lambda working: None)
        time.sleep(0.01)
    assert len(list(store_dir.glob("data-*"))) <= 2
