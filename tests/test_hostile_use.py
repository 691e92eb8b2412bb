"""What a careless or hostile user does: colliding file names, odd file types and encodings,
dangerous output paths, removing what is not a source, queries that write or call out, and
failures in the middle of a write. Each leaves the store as it was and says so in one line."""

from __future__ import annotations

import contextlib
import errno
import os
import pathlib

import pytest

from plankg.graph.store import DiskStore
from plankg.loaders.extract import extract_text
from plankg.loaders.textio import decode_text

PLAN = (
    "TỈNH ỦY CAO BẰNG\nSố {n}-KH/TU            Cao Bằng, ngày 01 tháng 6 năm 2025\nKẾ HOẠCH\n"
    "thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị\n\n"
    "Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị, Ban Thường vụ Tỉnh ủy ban hành:\n\n"
    "I- TỔ CHỨC THỰC HIỆN\n1. Văn phòng Tỉnh ủy: chủ trì tham mưu triển khai Nghị quyết (hoàn thành trong năm 2025).\n"
)


def snapshot(store_dir) -> list[str]:
    return sorted(map(str, DiskStore(store_dir).reader()))


def sources(run, store_dir) -> list[str]:
    lines = run("query", "sources", "--format", "csv", store=store_dir).stdout.strip().splitlines()
    return lines[1:]


def test_two_files_of_one_name_are_two_sources_and_a_rebuild_replaces(run, tmp_path):
    for folder, n in (("a", 5), ("b", 6)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "plan.txt").write_text(PLAN.format(n=n), encoding="utf-8")
    store = tmp_path / "store"
    assert (
        run(
            "build", str(tmp_path / "a" / "plan.txt"), str(tmp_path / "b" / "plan.txt"), "--no-output", store=store
        ).exit_code
        == 0
    )
    assert len(sources(run, store)) == 2
    (tmp_path / "a" / "plan.txt").write_text(PLAN.format(n=7), encoding="utf-8")  # the same file, edited
    assert run("build", str(tmp_path / "a" / "plan.txt"), "--no-output", store=store).exit_code == 0
    numbers = run("query", "documents", "--format", "csv", store=store).stdout
    assert len(sources(run, store)) == 2 and "7-KH/TU" in numbers and "6-KH/TU" in numbers and "5-KH/TU" not in numbers


def test_names_that_differ_only_in_diacritics_do_not_collide(run, tmp_path):
    (tmp_path / "Kế hoạch 5.txt").write_text(PLAN.format(n=5), encoding="utf-8")
    (tmp_path / "Ke hoach 5.txt").write_text(PLAN.format(n=6), encoding="utf-8")
    assert run("build", str(tmp_path), "--no-output", store=tmp_path / "store").exit_code == 0
    assert len(sources(run, tmp_path / "store")) == 2


def test_unknown_types_are_refused_and_folders_are_searched_below(run, tmp_path, store_dir):
    (tmp_path / "notes.xyz").write_text("hello", encoding="utf-8")
    before = snapshot(store_dir)
    result = run("build", str(tmp_path / "notes.xyz"), "--no-output", store=store_dir)
    assert result.exit_code == 1 and "unknown input type" in result.stderr and snapshot(store_dir) == before
    nested = tmp_path / "provinces" / "cao-bang"
    nested.mkdir(parents=True)
    (nested / "plan.txt").write_text(PLAN.format(n=5), encoding="utf-8")
    (tmp_path / "provinces" / "readme.xyz").write_text("not an input", encoding="utf-8")
    result = run("build", str(tmp_path / "provinces"), "--no-output", store=tmp_path / "fresh")
    assert result.exit_code == 0 and "1 source(s)" in result.stdout


def test_rdf_xml_as_export_writes_it_is_read_back(run, store_dir, tmp_path):
    exported = tmp_path / "graph.rdf"
    assert run("export", "--format", "rdfxml", "-o", str(exported), store=store_dir).exit_code == 0
    result = run("build", str(exported), "--no-output", "--no-validate", "--no-reason", store=tmp_path / "copy")
    assert result.exit_code == 0, result.stderr
    assert "538-KH/TU" in run("query", "documents", store=tmp_path / "copy").stdout


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le"])
def test_utf16_and_utf32_texts_read_as_utf8(corpus, encoding):
    text = corpus["thai-nguyen-62-CTr-TU-ocr.txt"].read_text("utf-8")
    as_utf8 = extract_text(text, "t.txt")
    decoded = decode_text(text.encode(encoding), "t.txt")
    again = extract_text(decoded, "t.txt")
    assert again.document == as_utf8.document and len(again.assignments) == len(as_utf8.assignments) > 0


@pytest.mark.parametrize("kind", ["folder", "fifo", "symlink", "in-store", "device"])
def test_output_paths_that_are_not_regular_files_are_refused_before_any_work(run, store_dir, tmp_path, kind):
    target = tmp_path / "out.trig"
    if kind == "device":
        target = pathlib.Path(os.devnull)  # a character device: never replaced by a file
    elif kind == "folder":
        target.mkdir()
    elif kind == "fifo":
        os.mkfifo(target)
    elif kind == "symlink":
        (tmp_path / "elsewhere.trig").write_text("keep me", encoding="utf-8")
        target.symlink_to(tmp_path / "elsewhere.trig")
    else:
        target = store_dir / "current"
    (tmp_path / "plan.txt").write_text(PLAN.format(n=5), encoding="utf-8")
    before = snapshot(store_dir)
    result = run("build", str(tmp_path / "plan.txt"), "-o", str(target), store=store_dir)
    assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert snapshot(store_dir) == before
    if kind == "symlink":
        assert (tmp_path / "elsewhere.trig").read_text(encoding="utf-8") == "keep me"
    assert run("export", "-o", str(target), store=store_dir).exit_code == 1


def test_a_failed_build_leaves_the_old_output_and_no_temporary_file(run, store_dir, tmp_path):
    output = tmp_path / "graph.trig"
    output.write_text("the previous output", encoding="utf-8")
    wrong = tmp_path / "wrong.txt"
    wrong.write_text(PLAN.format(n=5).replace("22/12/2024", "23/12/2024"), encoding="utf-8")
    result = run("build", str(wrong), "-o", str(output), store=store_dir)
    assert result.exit_code == 1
    assert output.read_text(encoding="utf-8") == "the previous output"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".graph.trig")) == []


def test_remove_refuses_the_graphs_build_draws_and_rewrites_the_output(run, store_dir, tmp_path):
    before = snapshot(store_dir)
    for graph in (
        "https://w3id.org/plankg/graph/ontology",
        "https://w3id.org/plankg/graph/inferred",
        "https://w3id.org/plankg/graph/overlaps",
    ):
        result = run("remove", graph, "-o", str(tmp_path / "g.trig"), store=store_dir)
        assert result.exit_code == 1 and "not sources" in result.stderr
    assert snapshot(store_dir) == before
    output = tmp_path / "g.trig"
    result = run("remove", "quang-ninh-news-article-ocr.txt", "-o", str(output), store=store_dir)
    assert result.exit_code == 0 and output.exists()
    assert "quang-ninh-news-article-ocr" not in output.read_text(encoding="utf-8")


def test_query_errors_in_the_users_own_lines_and_words(run, store_dir, tmp_path):
    bad = run("query", "-", input="SELECT ?x WHERE {\n  ?x ?y\n}", store=store_dir)
    assert bad.exit_code == 1 and "line 3" in bad.stderr
    update = run("query", "-", input="PREFIX a: <http://a/>\nINSERT DATA { a:b a:c a:d }", store=store_dir)
    assert "SPARQL Update is not allowed" in update.stderr
    service = run("query", "-", input="SELECT * WHERE { SERVICE <http://127.0.0.1:1/q> { ?s ?p ?o } }", store=store_dir)
    assert service.exit_code == 1 and "--allow-service" in service.stderr
    allowed = run(
        "query",
        "-",
        "--allow-service",
        input="SELECT * WHERE { SERVICE <http://127.0.0.1:1/q> { ?s ?p ?o } }",
        store=store_dir,
    )
    assert allowed.exit_code == 1 and len(allowed.stderr.strip().splitlines()) == 1


def test_a_parameter_need_not_be_projected(run, store_dir, tmp_path):
    query = tmp_path / "q.rq"
    query.write_text(
        "# param: number document\nSELECT ?title WHERE { ?d eli:id_local ?number ; dcterms:title ?title }\n",
        encoding="utf-8",
    )
    result = run("query", str(query), "-p", "number=538-kh/tu", store=store_dir)
    assert result.exit_code == 0 and "(1 row)" in result.stdout


def test_store_goes_before_or_after_the_command(run, store_dir):
    from click.testing import CliRunner

    from plankg.cli import cli

    after = CliRunner().invoke(cli, ["query", "documents", "--store", str(store_dir)], prog_name="plankg")
    before = CliRunner().invoke(cli, ["--store", str(store_dir), "query", "documents"], prog_name="plankg")
    assert after.exit_code == 0 and after.stdout == before.stdout and "538-KH/TU" in after.stdout
    assert "PLANKG_STORE" in CliRunner().invoke(cli, ["export", "--help"]).stdout


def test_a_disk_that_fills_up_mid_write_leaves_the_store_as_it_was(run, store_dir, tmp_path, monkeypatch):
    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(DiskStore, "_change_and_snapshot", staticmethod(full))
    (tmp_path / "plan.txt").write_text(PLAN.format(n=5), encoding="utf-8")
    before = snapshot(store_dir)
    result = run("build", str(tmp_path / "plan.txt"), "--no-output", store=store_dir)
    assert result.exit_code == 1 and "No space left" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    monkeypatch.undo()
    assert snapshot(store_dir) == before


def test_a_file_removed_between_listing_and_reading(run, store_dir, tmp_path, monkeypatch):
    from plankg import reading

    plan = tmp_path / "plan.txt"
    plan.write_text(PLAN.format(n=5), encoding="utf-8")
    real = reading.read_bytes

    def vanishing(path, *args, **kwargs):
        os.unlink(path)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(reading, "read_bytes", vanishing)
    before = snapshot(store_dir)
    result = run("build", str(plan), "--no-output", store=store_dir)
    assert result.exit_code == 1 and "no such file" in result.stderr
    assert snapshot(store_dir) == before


def test_a_build_killed_between_commit_and_output_leaves_an_output_the_next_command_repairs(run, tmp_path, monkeypatch):
    """The store is the truth: a build killed after its commit but before its TriG output is in
    place leaves a marker, and the next command that opens the store writes the output again."""
    from plankg import pipeline

    monkeypatch.chdir(tmp_path)
    (tmp_path / "plan.txt").write_text(PLAN.format(n=5), encoding="utf-8")
    from click.testing import CliRunner

    from plankg.cli import cli

    runner = CliRunner()
    assert runner.invoke(cli, ["build", "plan.txt"]).exit_code == 0
    output = tmp_path / "out" / "plankg.trig"
    first = output.read_text(encoding="utf-8")
    (tmp_path / "plan.txt").write_text(PLAN.format(n=6), encoding="utf-8")

    def killed(*_args):
        raise KeyboardInterrupt  # the process dies right after the commit

    monkeypatch.setattr(pipeline, "_put_in_place", killed)
    assert runner.invoke(cli, ["build", "plan.txt"]).exit_code != 0
    monkeypatch.undo()
    monkeypatch.chdir(tmp_path)
    assert output.read_text(encoding="utf-8") == first  # stale: 5-KH/TU
    repaired = runner.invoke(cli, ["query", "documents"])
    assert "written again" in repaired.stderr and "6-KH/TU" in repaired.stdout
    assert "6-KH/TU" in output.read_text(encoding="utf-8")
    assert not [p for p in output.parent.iterdir() if p.name.startswith(".plankg.trig")]


@pytest.mark.parametrize("delay", [0.5, 1.5, 3.0])
def test_a_build_killed_at_any_moment_leaves_the_store_whole(store_dir, tmp_path, delay):
    """kill -9 while reading, reasoning, validating or writing: the store is the old version or
    the new one, never a mix, and the next command reads it."""
    import signal
    import subprocess
    import sys
    import time

    (tmp_path / "plan.txt").write_text(PLAN.format(n=5), encoding="utf-8")
    before = snapshot(store_dir)
    proc = subprocess.Popen(
        [sys.executable, "-m", "plankg", "--store", str(store_dir), "build", str(tmp_path / "plan.txt"), "--no-output"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    after = snapshot(store_dir)
    assert after == before or any("5-KH/TU" in q for q in after)
    assert len(after) >= len(before) * 0.99


@contextlib.contextmanager
def read_only(folder):
    """The folder made read-only: by its mode, or (root ignores modes) by a read-only bind mount
    over it, or else by the immutable attribute; skipped where none of them can be done."""
    import subprocess

    if os.geteuid() != 0:
        os.chmod(folder, 0o555)
        try:
            yield
        finally:
            os.chmod(folder, 0o755)
        return
    for on, off in (
        (["mount", "--bind", "-o", "ro", folder, folder], ["umount", folder]),
        (["chattr", "+i", folder], ["chattr", "-i", folder]),
    ):
        if subprocess.run(on, capture_output=True, check=False).returncode == 0:
            probe = folder / "probe"
            try:
                probe.touch()
                probe.unlink()  # bind mounts ignore "ro" on some older kernels
            except OSError:
                try:
                    yield
                finally:
                    subprocess.run(off, capture_output=True, check=True)
                return
            subprocess.run(off, capture_output=True, check=True)
    pytest.skip("this machine cannot make a folder read-only for root")


def test_a_store_folder_made_read_only_refuses_the_write_and_still_answers(run, store_dir, tmp_path):
    """A store on a read-only folder: a build says so in one line and changes nothing; queries
    still read it."""
    (tmp_path / "plan.txt").write_text(PLAN.format(n=5), encoding="utf-8")
    before = snapshot(store_dir)
    with read_only(store_dir):
        result = run("build", str(tmp_path / "plan.txt"), "--no-output", store=store_dir)
        assert result.exit_code == 1, result.stderr
        assert result.stderr.strip().splitlines() == [
            line for line in result.stderr.strip().splitlines() if "cannot write the store" in line
        ]
        assert "as it was" in result.stderr
        assert "538-KH/TU" in run("query", "documents", store=store_dir).stdout
    assert snapshot(store_dir) == before


def _on_a_terminal(args: list[str], which: str, given: bytes = b"") -> tuple[bytes, bytes]:
    """Run plankg with stdout or stderr on a pseudo-terminal (the other on a pipe), ``given`` on
    stdin: what each showed."""
    import pty
    import subprocess
    import sys

    main, secondary = pty.openpty()
    streams = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, which: secondary}
    proc = subprocess.Popen([sys.executable, "-m", "plankg", *args], stdin=subprocess.PIPE, **streams)
    os.close(secondary)
    proc.stdin.write(given)
    proc.stdin.close()
    seen = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        seen += chunk
    other = (proc.stderr if which == "stdout" else proc.stdout).read()
    proc.wait(timeout=120)
    os.close(main)
    return seen, other


def test_progress_names_every_phase_on_a_terminal_and_nothing_in_a_pipe(tmp_path):
    import subprocess
    import sys

    (tmp_path / "plan.txt").write_text(PLAN.format(n=5), encoding="utf-8")
    args = ["--store", str(tmp_path / "store"), "build", str(tmp_path / "plan.txt"), "-o", str(tmp_path / "out.trig")]
    terminal = _on_a_terminal(args, "stderr")[0].decode("utf-8")
    for phase in (
        "reading sources",
        "adding the sources",
        "reasoning",
        "validating",
        "writing the TriG output",
        "writing the store",
        "writing the description",
    ):
        assert phase in terminal, phase
    piped = subprocess.run([sys.executable, "-m", "plankg", *args], capture_output=True, text=True, check=True)
    assert "reasoning" not in piped.stderr and "\r" not in piped.stderr


def test_control_characters_from_the_data_are_escaped_on_a_terminal_only(run, tmp_path):
    import subprocess
    import sys

    data = tmp_path / "odd.ttl"
    data.write_text(
        '<https://example.org/x> <http://www.w3.org/2004/02/skos/core#prefLabel> "bell\\u0007 esc\\u001b[2J" .\n',
        encoding="utf-8",
    )
    store = tmp_path / "store"
    assert run("build", str(data), "--no-output", "--no-validate", "--no-reason", store=store).exit_code == 0
    query = ["--store", str(store), "query", "-", "--format", "csv"]
    sparql = b"SELECT ?l WHERE { ?s <http://www.w3.org/2004/02/skos/core#prefLabel> ?l }"
    piped = subprocess.run([sys.executable, "-m", "plankg", *query], input=sparql, capture_output=True, check=True)
    assert b"\x1b[2J" in piped.stdout  # a file or a pipe gets the data as it is
    seen = _on_a_terminal(query, "stdout", sparql)[0]
    assert b"\\x1b[2J" in seen and b"\\x07" in seen and b"\x1b" not in seen and b"\x07" not in seen
