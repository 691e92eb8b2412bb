"""A build of many small texts, end to end through the CLI: how long until the commit, how long
the description (``describe``) takes, and the peak memory, at a few corpus sizes.

    python bench/many_texts.py --texts 250,1000,5000

The description once scanned every triple once per source (3 s, 11 s, 40 s at 250, 500, 1,000
texts; a 5,000-text build never finished it); it now reads the graph once. The overlap search
read each task once per text stating its lead's role (44 s of a 500-text build; now 1.9 s).

On the 2-core machine, shared with other jobs: 250 texts build in 29 s and describe in 3.8 s;
1,000 in 53-92 s and 9.9 s; 5,000 in 659 s and 29 s, the build peaking at 2.85 GB (memory
grows with the graph: each phase, from loading to SHACL, holds more of it).
"""

from __future__ import annotations

import argparse
import resource
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


def plankg(*args: str) -> tuple[float, subprocess.CompletedProcess]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "plankg", *args], capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"plankg {' '.join(args)} failed: {done.stderr.strip()[-500:]}")
    return time.perf_counter() - started, done


def measure(texts: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "texts").mkdir()
        for n in range(1, texts + 1):
            (root / "texts" / f"plan-{n:05d}.txt").write_text(PLAN.format(n=n), encoding="utf-8")
        store = str(root / "store")
        build, _ = plankg("--store", store, "build", str(root / "texts"), "--no-output")
        describe, done = plankg("--store", store, "describe")
        assert done.stdout.count("pk:sha256") >= texts  # every source named
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"texts": texts, "build_s": build, "describe_s": describe, "peak_mb": peak}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", default="250,1000,5000", help="corpus sizes, comma-separated")
    args = parser.parse_args()
    print("| texts | build (s) | describe (s) | peak RSS of a child so far (MB) |")
    print("|---:|---:|---:|---:|")
    for size in (int(s) for s in args.texts.split(",")):
        row = measure(size)
        print(f"| {row['texts']} | {row['build_s']:.1f} | {row['describe_s']:.1f} | {row['peak_mb']:.0f} |", flush=True)


if __name__ == "__main__":
    main()
