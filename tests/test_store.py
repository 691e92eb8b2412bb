"""Store guarantees: idempotent builds, all-or-nothing writes, one writer, clear refusals."""

import fcntl
import os
import re
import signal
import subprocess
import sys
import textwrap
import time

import pyoxigraph as ox
import pytest

from plankg.errors import PlankgError
from plankg.graph.backends import open_store
from plankg.graph.identity import read_identities
from plankg.graph.store import DiskStore
from plankg.pipeline import build, bundled_identities


def snapshot(store) -> list[str]:
    return sorted(map(str, store.reader()))


def test_building_twice_gives_the_same_triples(store_dir, corpus):
    store = DiskStore(store_dir)
    before = snapshot(store)
    build(list(corpus.values()), store, None, identities=read_identities(bundled_identities()))
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


EX = "https://example.org/"


def _triple(quad) -> str:
    """A triple as text, blank node labels blanked (each load of a file draws its own)."""
    return re.sub(r"_:\w+", "_:b", str(ox.Triple(quad.subject, quad.predicate, quad.object)))


def default_graph(store) -> set[str]:
    return {_triple(q) for q in store.reader().quads_for_pattern(None, None, None, ox.DefaultGraph())}


def named_triples(store) -> set[str]:
    return {_triple(q) for q in store.reader() if not isinstance(q.graph_name, ox.DefaultGraph)}


@pytest.mark.parametrize("loose", [False, True])
def test_the_default_graph_is_the_set_union_of_the_named_graphs(tmp_path, loose):
    """N-Quads whose statements all name a graph take the fast path (union fed while loading);
    a loose triple sends the file through the in-memory path. Both give the same union."""
    data = tmp_path / "data.nq"
    lines = [
        f'<{EX}a> <{EX}p> "shared" <{EX}g1> .',
        f'<{EX}a> <{EX}p> "shared" <{EX}g2> .',
        f"<{EX}b> <{EX}p> <{EX}c> <{EX}g2> .",
        f'_:x <{EX}p> "esc \\" aped"@vi <{EX}g1> .',
    ]
    if loose:
        lines.append(f"<{EX}d> <{EX}p> <{EX}e> .")
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    store = DiskStore(tmp_path / "store")
    build([data], store, None, validate=False, reasoner=None)
    store = DiskStore(tmp_path / "store")
    assert default_graph(store) == named_triples(store)
    count = next(iter(store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ <{EX}a> <{EX}p> ?o }}")))["n"].value
    assert count == "1"  # once, though two graphs assert it
    own = ox.NamedNode("https://w3id.org/plankg/graph/file/data-nq")
    assert (own in set(store.reader().named_graphs())) is loose


def test_rebuilding_an_nquads_file_replaces_its_graphs_and_the_union(tmp_path):
    data = tmp_path / "data.nq"
    other = tmp_path / "other.nq"
    other.write_text(f'<{EX}o> <{EX}p> "kept" <{EX}g9> .\n', encoding="utf-8")
    data.write_text(f'<{EX}a> <{EX}p> "old" <{EX}g1> .\n', encoding="utf-8")
    build([data, other], DiskStore(tmp_path / "store"), None, validate=False, reasoner=None)
    data.write_text(f'<{EX}a> <{EX}p> "new" <{EX}g1> .\n', encoding="utf-8")
    build([data], DiskStore(tmp_path / "store"), None, validate=False, reasoner=None)
    store = DiskStore(tmp_path / "store")
    values = {q.object.value for q in store.reader().quads_for_pattern(None, ox.NamedNode(EX + "p"), None, None)}
    assert values == {"new", "kept"}
    assert default_graph(store) == named_triples(store)


def test_malformed_nquads_leave_the_store_as_it_was(store_dir, tmp_path):
    bad = tmp_path / "bad.nq"
    bad.write_text(f'<{EX}a> <{EX}p> "1" <{EX}g1> .\n<{EX}b> <not an iri> "2" <{EX}g1> .\n', encoding="utf-8")
    before = snapshot(DiskStore(store_dir))
    with pytest.raises(PlankgError):
        build([bad], DiskStore(store_dir), None, validate=False, reasoner=None)
    assert snapshot(DiskStore(store_dir)) == before


def test_only_nquads_whose_statements_all_name_a_graph_take_the_fast_path(tmp_path):
    from plankg.graph.store import bulk_load_quads

    named = tmp_path / "named.nq"
    named.write_text(
        f'<{EX}a> <{EX}p> <{EX}o> <{EX}g1> .\n# a comment\n<{EX}a> <{EX}p> "x" <{EX}g2> .\n', encoding="utf-8"
    )
    loose = tmp_path / "loose.nq"
    loose.write_text(f"<{EX}a> <{EX}p> <{EX}o> <{EX}g1> .\n<{EX}a> <{EX}p> <{EX}o> .\n", encoding="utf-8")
    working = ox.Store()
    assert bulk_load_quads(working, named, set())
    assert len(list(working.quads_for_pattern(None, None, None, ox.DefaultGraph()))) == 2
    assert not bulk_load_quads(ox.Store(), loose, set())


def test_the_union_feed_reads_in_blocks_of_whole_lines(tmp_path, monkeypatch):
    from plankg.graph import store as store_module

    monkeypatch.setattr(store_module, "_BLOCK_BYTES", 7)  # every line spans several blocks
    data = tmp_path / "data.nq"
    data.write_text(f'<{EX}a> <{EX}p> "un" <{EX}g1> .\n<{EX}a> <{EX}p> "deux" <{EX}g2> .', encoding="utf-8")
    working = ox.Store()
    assert store_module.bulk_load_quads(working, data, set())  # no line end after the last one
    union = {q.object.value for q in working.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    assert union == {"un", "deux"}
