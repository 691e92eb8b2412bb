"""Every bad input of a careless or hostile user is one line and a non-zero exit, never a
traceback, a crash or a silent answer; the store stays as it was."""

from __future__ import annotations

import http.server
import os
import subprocess
import sys
import threading

import pytest

from .test_hostile_use import PLAN, snapshot, sources


def one_error(result, code: int = 1) -> str:
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == code and len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


def test_a_file_name_that_is_not_utf8_is_one_line(run, store_dir, tmp_path):
    folder = tmp_path / "texts"
    folder.mkdir()
    name = os.fsdecode(b"k\xff\xfe.txt")
    (folder / name).write_text(PLAN.format(n=5), encoding="utf-8")
    before = snapshot(store_dir)
    assert "not UTF-8" in one_error(run("build", str(folder), "--no-output", store=store_dir))
    assert snapshot(store_dir) == before


def test_a_file_holding_only_a_byte_order_mark_is_not_a_source(run, store_dir, tmp_path):
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf\r\n")
    assert "holds no text" in one_error(run("build", str(tmp_path / "bom.txt"), "--no-output", store=store_dir))


def test_a_parallel_build_of_rdf_and_a_bad_text_is_one_line(store_dir, tmp_path, monkeypatch):
    from plankg import reading
    from plankg.errors import PlankgError
    from plankg.graph.store import DiskStore
    from plankg.pipeline import build

    monkeypatch.setattr(reading, "PARALLEL_MIN_BYTES", 0)
    (tmp_path / "data.ttl").write_text(
        "<https://example.org/a> <https://example.org/p> <https://example.org/b> .\n", encoding="utf-8"
    )
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01binary\x00")
    (tmp_path / "good.txt").write_text(PLAN.format(n=5), encoding="utf-8")
    with pytest.raises(PlankgError):
        build([tmp_path / "data.ttl", tmp_path / "bad.txt", tmp_path / "good.txt"], DiskStore(store_dir), None)


@pytest.mark.parametrize(
    "rows, words",
    [
        ("plan.txt,5-KH/TU,,2025-13-45\n", "real day"),
        ("plan.txt,5-KH/TU\nplan.txt,6-KH/TU\n", "second row"),
    ],
)
def test_a_bad_identities_file_is_one_line_naming_its_row(run, store_dir, tmp_path, rows, words):
    (tmp_path / "plan.txt").write_text(PLAN.format(n=5), encoding="utf-8")
    ids = tmp_path / "ids.csv"
    ids.write_text("source,number,province,date\n" + rows, encoding="utf-8")
    line = one_error(run("build", str(tmp_path / "plan.txt"), "--identities", str(ids), "--no-output", store=store_dir))
    assert words in line and "ids.csv:" in line


def test_an_identities_row_for_a_file_not_built_is_named_with_the_file(run, tmp_path):
    (tmp_path / "plan.txt").write_text(PLAN.format(n=5), encoding="utf-8")
    ids = tmp_path / "ids.csv"
    ids.write_text("source,number\nplan.txt,5-KH/TU\nother.txt,7-KH/TU\n", encoding="utf-8")
    result = run("build", str(tmp_path / "plan.txt"), "--identities", str(ids), "--no-output", store=tmp_path / "s")
    assert result.exit_code == 0 and "ids.csv:3: names other.txt" in result.stderr


def test_a_query_on_an_endless_standard_input_is_refused(store_dir):
    with open(os.devnull, "rb"), open("/dev/zero", "rb") as zero:
        done = subprocess.run(
            [sys.executable, "-m", "plankg", "--store", str(store_dir), "query", "-"],
            stdin=zero,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert done.returncode == 2 and "longer than" in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_a_query_nested_thousands_deep_is_refused_not_a_crash(store_dir):
    deep = "SELECT * WHERE " + "{" * 5000 + "}" * 5000
    done = subprocess.run(
        [sys.executable, "-m", "plankg", "--store", str(store_dir), "query", "-"],
        input=deep,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1 and "nested" in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_a_query_file_with_a_byte_order_mark_runs(run, store_dir, tmp_path):
    query = tmp_path / "q.rq"
    query.write_bytes("\ufeffSELECT ?d WHERE { ?d a pk:Plan } LIMIT 1\n".encode("utf-8"))
    result = run("query", str(query), store=store_dir)
    assert result.exit_code == 0 and "(1 row)" in result.stdout


def test_json_on_construct_is_json_ld_and_csv_is_refused(run, store_dir):
    import json

    construct = "CONSTRUCT { ?d a pk:Plan } WHERE { ?d a pk:Plan } LIMIT 2"
    result = run("query", "-", "--format", "json", input=construct, store=store_dir)
    assert result.exit_code == 0 and isinstance(json.loads(result.stdout), list)
    assert "graph" in one_error(run("query", "-", "--format", "csv", input=construct, store=store_dir))


def test_nan_is_not_an_overlap_threshold(run, store_dir):
    assert "nan" in one_error(run("build", "--overlap-threshold", "nan", "--no-output", store=store_dir), 2)


def test_describe_refuses_an_endpoint_that_is_not_a_url(run, store_dir):
    assert "--endpoint" in one_error(run("describe", "--endpoint", "<x>", store=store_dir), 2)


def test_a_remote_endpoint_that_never_stops_sending_is_one_line(monkeypatch):
    from plankg.errors import PlankgError
    from plankg.graph import remote

    class Endless(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.end_headers()
            try:
                while True:
                    self.wfile.write(b" " * 65536)
            except OSError:
                pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Endless)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setattr(remote, "MAX_ANSWER_BYTES", 4 << 20)
    try:
        with pytest.raises(PlankgError, match="kept sending"):
            remote.RemoteStore(f"http://127.0.0.1:{server.server_address[1]}/sparql").query("ASK {}")
    finally:
        server.shutdown()
        server.server_close()


# A plan that names no province: an identity file must give it its place.
UNPLACED_PLAN = (
    "KẾ HOẠCH\nTriển khai chuyển đổi số năm 2025\n\nI. MỤC TIÊU\n- Phát triển khoa học.\n"
    "II. TỔ CHỨC THỰC HIỆN\n1. Sở Tài chính chủ trì bố trí kinh phí.\n"
)


def _two_plans(tmp_path):
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "plan.txt").write_text(PLAN.format(n=5), encoding="utf-8")
    (texts / "a-plan.txt").write_text(UNPLACED_PLAN, encoding="utf-8")
    return texts


@pytest.mark.parametrize(
    "row",
    [
        "a-plan.txt,5-KH/TU,,2025-06-30",  # no province: the local number resolves to Cao Bằng's 5-KH/TU
        "a-plan.txt,5-KH/TU,Cao Bằng,2025-06-01",  # the very document plan.txt is
    ],
)
def test_an_identities_row_making_a_text_another_texts_document_is_refused_naming_the_row(
    run, store_dir, tmp_path, row
):
    texts = _two_plans(tmp_path)  # plan.txt is 5-KH/TU of Cao Bằng, 1/6/2025
    ids = tmp_path / "ids.csv"
    ids.write_text(f"source,number,province,date\n{row}\n", encoding="utf-8")
    before = snapshot(store_dir)
    line = one_error(run("build", str(texts), "--identities", str(ids), "--no-output", store=store_dir))
    assert "ids.csv:2" in line and "a-plan.txt" in line and "plan.txt" in line
    assert snapshot(store_dir) == before  # neither text left out: nothing stored


def test_an_identities_row_making_a_text_the_document_a_stored_text_is_is_refused_naming_the_row(
    run, store_dir, tmp_path
):
    texts = _two_plans(tmp_path)
    assert run("build", str(texts / "plan.txt"), "--no-output", store=store_dir).exit_code == 0
    ids = tmp_path / "ids.csv"
    ids.write_text("source,number,province,date\na-plan.txt,5-KH/TU,Cao Bằng,\n", encoding="utf-8")
    before = snapshot(store_dir)
    args = ("build", str(texts / "a-plan.txt"), "--identities", str(ids), "--no-output")
    line = one_error(run(*args, store=store_dir))
    assert "ids.csv:2" in line and "plan.txt" in line
    assert snapshot(store_dir) == before


def test_an_identities_row_giving_a_text_another_texts_number_with_another_date_is_a_warning_naming_the_row(
    run, store_dir, tmp_path
):
    texts = _two_plans(tmp_path)
    ids = tmp_path / "ids.csv"
    ids.write_text("source,number,province,date\na-plan.txt,5-KH/TU,Cao Bằng,2025-09-30\n", encoding="utf-8")
    stored = len(sources(run, store_dir))
    result = run("build", str(texts), "--identities", str(ids), "--no-output", store=store_dir)
    assert result.exit_code == 0 and "left out" not in result.stderr, result.stderr
    assert "ids.csv:2: makes a-plan.txt 5-KH/TU of 2025-09-30, a second document" in result.stderr
    assert len(sources(run, store_dir)) == stored + 2  # both texts built
