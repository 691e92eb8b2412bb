"""Extraction throughput over the bundled corpus, repeated, and on a large text (linear time).

    python bench/extraction.py [--repeats 5] [--large-mb 20] [--folder-texts 102]

eyecite, the reference tool for legal citations, extracts about 10 MB/s of text. The folder
measure reads a national corpus (bench/national.py) as ``plankg build`` does, text to quads,
once in one process (the baseline) and once in parallel worker processes, one per core.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from plankg.loaders.extract import extract_text
from plankg.pipeline import bundled_corpus
from plankg.reading import load_inputs

sys.path.insert(0, str(Path(__file__).parent))
from national import national_corpus

PLAN_HEAD = "TỈNH ỦY CAO BẰNG\nSố 7-KH/TU\nKẾ HOẠCH\n\nI- MỤC TIÊU\n1. Mục tiêu đến năm 2030\n- "


def _report(path: Path) -> list:
    return extract_text(path.read_text("utf-8"), path.name).assignments


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--large-mb", type=float, default=20.0)
    parser.add_argument("--folder-texts", type=int, default=102)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        paths = national_corpus(Path(work), args.folder_texts)
        mb = sum(p.stat().st_size for p in paths) / 1e6
        seconds = {}
        for workers in (1, os.cpu_count() or 1):
            start = time.perf_counter()
            load_inputs(paths, workers=workers)
            seconds[workers] = time.perf_counter() - start
            print(
                f"folder of {len(paths)} texts, {mb:.1f} MB, {workers} process(es): {seconds[workers]:.1f} s "
                f"= {mb / seconds[workers]:.2f} MB/s"
            )
        print(f"parallel / one process: {seconds[1] / seconds[max(seconds)]:.2f}x")
        # extraction alone (text -> report, as 'plankg extract' does), one worker per core
        start = time.perf_counter()
        with ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            reports = list(pool.map(_report, paths, chunksize=4))
        elapsed = time.perf_counter() - start
        print(
            f"extraction only (text -> report), {os.cpu_count()} process(es): {elapsed:.1f} s = {mb / elapsed:.2f} MB/s "
            f"({sum(len(r) for r in reports)} assignments)"
        )
    texts = [(p.name, p.read_text("utf-8")) for p in bundled_corpus()]
    size_mb = sum(len(t.encode("utf-8")) for _, t in texts) / 1e6
    times = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        for name, text in texts:
            extract_text(text, name)
        times.append(time.perf_counter() - start)
    corpus_s = statistics.median(times)
    print(
        f"bundled corpus: {size_mb:.3f} MB in {corpus_s:.3f} s (median of {args.repeats}) = {size_mb / corpus_s:.2f} MB/s"
    )
    joined = "\n".join(t for _, t in texts)
    # The corpus repeated, and one goal bullet of targets with no punctuation at all (every
    # value in one endless clause: what made the body-target reader quadratic once).
    shapes = {
        "large text": ("", joined),
        "unpunctuated targets": (
            PLAN_HEAD,
            "phát triển 05 cán bộ đạt trên 30% và tăng 10% kinh tế số chiếm 20% bán lẻ ",
        ),
    }
    for label, (head, unit) in shapes.items():
        for target in (args.large_mb / 4, args.large_mb):
            big = head + unit * max(1, round(target * 1e6 / len(unit.encode("utf-8"))))
            mb = len(big.encode("utf-8")) / 1e6
            start = time.perf_counter()
            extract_text(big, "large.txt")
            seconds = time.perf_counter() - start
            print(f"{label}: {mb:.1f} MB in {seconds:.1f} s = {mb / seconds:.2f} MB/s")


if __name__ == "__main__":
    main()
