"""Outputs never replace inputs or strangers: an output naming an input of the command, the store
or another output is refused before any work; an existing file is replaced only when plankg
wrote it for this store (or with --force), keeping its mode and hard links."""

from __future__ import annotations

import os
import stat

import pytest

from .test_hostile_use import PLAN, snapshot


def one_line(result) -> bool:
    return result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1


def test_build_refuses_an_output_that_is_its_own_input(run, tmp_path):
    plan = tmp_path / "plan.txt"
    plan.write_text(PLAN.format(n=5), encoding="utf-8")
    result = run("build", str(plan), "-o", str(plan), store=tmp_path / "store")
    assert one_line(result) and "input" in result.stderr
    assert plan.read_text(encoding="utf-8") == PLAN.format(n=5)
    assert not (tmp_path / "store").exists()


def test_build_refuses_an_output_that_is_the_identities_file_or_inside_an_input_folder(run, tmp_path):
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "plan.txt").write_text(PLAN.format(n=5), encoding="utf-8")
    ids = tmp_path / "ids.csv"
    ids.write_text("source,number\nplan.txt,5-KH/TU\n", encoding="utf-8")
    result = run("build", str(tmp_path / "texts"), "--identities", str(ids), "-o", str(ids), store=tmp_path / "store")
    assert one_line(result) and ids.read_text(encoding="utf-8").startswith("source,number")
    result = run("build", str(tmp_path / "texts"), "-o", str(tmp_path / "texts" / "plan.txt"), store=tmp_path / "store")
    assert one_line(result) and "KẾ HOẠCH" in (tmp_path / "texts" / "plan.txt").read_text(encoding="utf-8")


def test_an_output_and_its_description_may_not_be_one_file(run, store_dir, tmp_path):
    target = tmp_path / "data.void.ttl"
    result = run("export", "-o", str(target), store=store_dir)
    assert one_line(result) and not target.exists()


def test_an_unrelated_description_beside_the_output_is_not_replaced(run, store_dir, tmp_path):
    notes = tmp_path / "notes.void.ttl"
    notes.write_text("my own notes\n", encoding="utf-8")
    result = run("export", "-o", str(tmp_path / "notes.ttl"), store=store_dir)
    assert one_line(result) and "--force" in result.stderr
    assert notes.read_text(encoding="utf-8") == "my own notes\n" and not (tmp_path / "notes.ttl").exists()
    assert run("export", "-o", str(tmp_path / "notes.ttl"), "--force", store=store_dir).exit_code == 0
    assert "void:Dataset" in notes.read_text(encoding="utf-8")


def test_a_file_plankg_wrote_is_replaced_and_a_file_edited_since_is_not(run, store_dir, tmp_path):
    output = tmp_path / "g.ttl"
    assert run("export", "-o", str(output), store=store_dir).exit_code == 0
    assert run("export", "-o", str(output), store=store_dir).exit_code == 0  # its own output: replaced
    with output.open("a", encoding="utf-8") as handle:
        handle.write("# my edit\n")
    assert one_line(run("export", "-o", str(output), store=store_dir))
    assert output.read_text(encoding="utf-8").endswith("# my edit\n")


def test_a_replaced_output_keeps_its_mode_and_hard_links(run, store_dir, tmp_path):
    output = tmp_path / "g.ttl"
    assert run("export", "-o", str(output), store=store_dir).exit_code == 0
    os.chmod(output, 0o600)
    assert run("export", "-o", str(output), "--force", store=store_dir).exit_code == 0
    assert stat.S_IMODE(output.stat().st_mode) == 0o600
    os.link(output, tmp_path / "other-name.ttl")
    assert run("export", "--format", "nt", "-o", str(output), "--force", store=store_dir).exit_code == 0
    assert (tmp_path / "other-name.ttl").read_text(encoding="utf-8") == output.read_text(encoding="utf-8")
    assert "@prefix" not in output.read_text(encoding="utf-8")


def test_remove_rewrites_only_the_output_this_store_wrote(run, store_dir, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from plankg.cli import cli

    monkeypatch.chdir(tmp_path)
    (tmp_path / "plan.txt").write_text(PLAN.format(n=5), encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(cli, ["build", "plan.txt"]).exit_code == 0  # out/store and out/plankg.trig
    output = tmp_path / "out" / "plankg.trig"
    mine = output.read_bytes()
    before = snapshot(store_dir)
    other = runner.invoke(cli, ["--store", str(store_dir), "remove", "quang-ninh-news-article-ocr.txt"])
    assert other.exit_code == 0 and "left as it is" in other.stderr
    assert output.read_bytes() == mine and snapshot(store_dir) != before
    again = runner.invoke(cli, ["remove", "plan.txt"])
    assert again.exit_code == 0 and "Wrote" in again.stdout and b"5-KH/TU" not in output.read_bytes()


@pytest.mark.parametrize("name", ["data.ttl", "data.TTL"])
def test_remove_takes_the_file_name_of_an_rdf_input(run, tmp_path, name):
    data = tmp_path / name
    data.write_text("<https://example.org/a> <https://example.org/p> <https://example.org/b> .\n", encoding="utf-8")
    store = tmp_path / "store"
    assert run("build", str(data), "--no-output", "--no-validate", "--no-reason", store=store).exit_code == 0
    result = run("remove", name, store=store)
    assert result.exit_code == 0, result.stderr
    assert "example.org" not in run("export", store=store).stdout
