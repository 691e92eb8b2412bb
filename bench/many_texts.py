"""A build of many small texts, end to end through the CLI: how long the build takes (with its
TriG output and the description written beside it), how long ``describe`` takes, and the peak
memory of each command (the largest process of its tree), at a few corpus sizes.

    python bench/many_texts.py --texts 500,1000,2000,5000

The description once scanned every triple once per source (3 s, 11 s, 40 s at 250, 500, 1,000
texts; a 5,000-text build never finished it); then read the graph once, holding a set of every
triple; it now asks the store for its counts (graph/describe.py). The overlap search read each
task once per text stating its lead's role (44 s of a 500-text build; now 1.9 s).

Up to commit cbcd399 (before describe counted in the store), on the 2-core machine shared
with other jobs: 250 texts built in 29 s and described in 3.8 s; 1,000 in 53-92 s and 9.9 s;
5,000 in 659 s and 29 s, the build peaking at 2.85 GB. The figures since: bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PLAN = (
    "TỈNH ỦY CAO BẰNG\nSố {n}-KH/TU            Cao Bằng, ngày 01 tháng 6 năm 2025\nKẾ HOẠCH\n"
    "thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị\n\n"
    "Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị, Ban Thường vụ Tỉnh ủy ban hành:\n\n"
    "I- TỔ CHỨC THỰC HIỆN\n1. Văn phòng Tỉnh ủy: chủ trì tham mưu triển khai Nghị quyết (hoàn thành trong năm 2025).\n"
    "2. Sở Khoa học và Công nghệ: chủ trì xây dựng đề án chuyển đổi số số {n} (hoàn thành trong năm 2026).\n"
)


def plankg(*args: str) -> tuple[float, float, str]:
    """Run one command: (seconds, peak RSS in MB of the largest process of its tree, stdout)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        child = subprocess.Popen([sys.executable, "-m", "plankg", *args], stdout=out, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)  # this child's own peak, with its waited-for children
        child.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        if child.returncode:
            raise SystemExit(f"plankg {' '.join(args)} failed: {err.read().decode()[-500:]}")
        return seconds, usage.ru_maxrss / 1024, out.read().decode()


def measure(texts: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "texts").mkdir()
        for n in range(1, texts + 1):
            (root / "texts" / f"plan-{n:05d}.txt").write_text(PLAN.format(n=n), encoding="utf-8")
        store = str(root / "store")
        build, build_mb, _ = plankg("--store", store, "build", str(root / "texts"), "-o", str(root / "out.trig"))
        describe, describe_mb, described = plankg("--store", store, "describe")
        assert described.count("pk:sha256") >= texts  # every source named
    return {"texts": texts, "build_s": build, "build_mb": build_mb, "describe_s": describe, "describe_mb": describe_mb}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", default="500,1000,2000,5000", help="corpus sizes, comma-separated")
    args = parser.parse_args()
    print("| texts | build (s) | build peak RSS (MB) | describe (s) | describe peak RSS (MB) |")
    print("|---:|---:|---:|---:|---:|")
    for size in (int(s) for s in args.texts.split(",")):
        row = measure(size)
        print(
            f"| {row['texts']} | {row['build_s']:.1f} | {row['build_mb']:.0f} | {row['describe_s']:.1f} "
            f"| {row['describe_mb']:.0f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
