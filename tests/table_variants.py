"""Task and indicator annexes written in the table forms converters leave, from annotated rows.

The rows come from the annotations (``tests/gold``, the shared gold, the written examples): each
task with its lead and coordinating bodies and its deadline, each indicator with its targets by
year. A seeded variant draws some of them and writes a People's Committee or party plan whose
annex holds them as a table, in one of the forms a table reaches plankg:

- ``pipe``: cells separated by "|" (a Word or HTML table written out);
- ``raw``: one cell per line, cells wrapped onto more lines (``pdftotext -raw``, OCR);
- ``aligned``: columns by position, cells wrapped inside their column and vertically centred in
  their row (``pdftotext -layout``), so a row's number may stand on its middle line;

with the header's words varied and wrapped, the columns in another order, group rows (numbering
running on or starting again), the header repeated after a page number, and OCR damage. The
annotation of a variant is the rows it drew: the same tasks and targets in every layout.
``make_table_plan(seed)`` gives ``(text, expected)``; a failing seed makes the same text again.
"""

from __future__ import annotations

import json
import random
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from tests.ocr_noise import damage

HERE = Path(__file__).parent
SHARED = HERE.parent.parent / "shared"

# Header words as plans write them, by role
HEADS = {
    "number": ["TT", "STT", "Số TT"],
    "task": ["Nhiệm vụ", "Nội dung nhiệm vụ", "Tên nhiệm vụ", "Nội dung công việc", "Nhiệm vụ, giải pháp"],
    "lead": ["Cơ quan chủ trì", "Đơn vị chủ trì", "Chủ trì", "Cơ quan chủ trì thực hiện", "Đơn vị chủ trì thực hiện"],
    "coordinate": ["Cơ quan phối hợp", "Đơn vị phối hợp", "Phối hợp", "Cơ quan, đơn vị phối hợp"],
    "deadline": ["Thời gian hoàn thành", "Thời hạn hoàn thành", "Tiến độ", "Thời gian thực hiện", "Thời hạn"],
    "product": ["Sản phẩm", "Sản phẩm đầu ra", "Kết quả, sản phẩm", "Hình thức sản phẩm"],
    "indicator": ["Chỉ tiêu", "Nội dung chỉ tiêu", "Tên chỉ tiêu"],
    "unit": ["Đơn vị tính", "ĐVT"],
}
ORDERS = [
    ["number", "task", "lead", "coordinate", "deadline"],
    ["number", "task", "lead", "coordinate", "product", "deadline"],
    ["number", "task", "product", "lead", "coordinate", "deadline"],
    ["number", "task", "deadline", "lead", "coordinate"],
    ["number", "task", "lead", "coordinate"],
]
PRODUCTS = ["Kế hoạch", "Báo cáo", "Quyết định của UBND tỉnh", "Đề án", "Hệ thống được vận hành", "Văn bản hướng dẫn"]
GROUPS = [
    "HOÀN THIỆN THỂ CHẾ, CHÍNH SÁCH",
    "PHÁT TRIỂN HẠ TẦNG SỐ",
    "NÂNG CAO NHẬN THỨC",
    "PHÁT TRIỂN NGUỒN NHÂN LỰC",
    "ĐỔI MỚI SÁNG TẠO TRONG DOANH NGHIỆP",
    "CHUYỂN ĐỔI SỐ TRONG CƠ QUAN NHÀ NƯỚC",
]


@dataclass
class TaskRow:
    task: str
    leads: list[str]
    coordinators: list[str] = field(default_factory=list)
    deadline: str | None = None


@dataclass
class IndicatorRow:
    name: str
    targets: dict[str, str]


def _annotations() -> list[dict]:
    paths = sorted((HERE / "gold").glob("*.json")) + sorted((HERE / "dev").glob("*.json"))
    paths += sorted((SHARED / "gold").glob("*.json")) if (SHARED / "gold").is_dir() else []
    return [json.loads(p.read_text("utf-8")) for p in paths]


def task_rows() -> list[TaskRow]:
    """Every annotated task with a lead, its bodies gathered from the one-body-per-entry form."""
    rows: dict[tuple[str, str], TaskRow] = {}
    for gold in _annotations():
        for a in gold.get("assignments", []):
            key = (gold.get("source", ""), a["task"])
            row = rows.setdefault(key, TaskRow(a["task"], [], [], a.get("deadline")))
            bodies = row.leads if a["role"] == "lead" else row.coordinators
            if a["agency"] not in bodies:
                bodies.append(a["agency"])
    return [
        r
        for r in rows.values()
        if r.leads and len(r.task.split()) >= 4 and not any(name in r.coordinators for name in r.leads)
    ]


def indicator_rows() -> list[IndicatorRow]:
    """Every annotated indicator with a target for a year."""
    out = []
    for gold in _annotations():
        for ind in gold.get("indicators", []):
            targets = {y: v for y, v in ind.get("targets", {}).items() if y.isdigit() and v}
            if targets and len(ind["name"].split()) >= 3:
                out.append(IndicatorRow(ind["name"], targets))
    return out


def _deadline_cell(deadline: str | None, rng: random.Random) -> str:
    if deadline is None:
        return ""
    if deadline.isdigit():
        return rng.choice([deadline, f"Năm {deadline}", f"Quý IV/{deadline}", f"Tháng 12/{deadline}"])
    return {
        "annual": rng.choice(["Hằng năm", "Hàng năm"]),
        "ongoing": "Thường xuyên",
        "periodic": rng.choice(["Định kỳ hằng quý", "Định kỳ 6 tháng"]),
    }.get(deadline, "")


def _bodies_cell(names: list[str], rng: random.Random) -> str:
    return rng.choice(["; ", ", "]).join(names) if len(names) > 1 else (names[0] if names else "")


# ---------------------------------------------------------------------------- rendering


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width) or [""]


def _pipe(header: list[str], rows: list[list[str]], groups: dict[int, str], rng: random.Random) -> list[str]:
    line = lambda cells: "| " + " | ".join(cells) + " |"
    out = [line(header), line(["---"] * len(header))] if rng.random() < 0.5 else [line(header)]
    for k, cells in enumerate(rows):
        if k in groups:
            out.append(line([groups[k].split(" ", 1)[0], groups[k].split(" ", 1)[1]] + [""] * (len(header) - 2)))
        out.append(line(cells))
    return out


def _raw(
    header: list[str], rows: list[list[str]], groups: dict[int, str], rng: random.Random, page_every: int
) -> list[str]:
    head: list[str] = []
    for cell in header:
        head += _wrap(cell, rng.choice([12, 40]))  # "Thời gian hoàn" / "thành"
    out = list(head)
    for k, cells in enumerate(rows):
        if k in groups:
            roman, title = groups[k].split(" ", 1)
            out += [roman, title] if rng.random() < 0.5 else [f"{roman}. {title}" if rng.random() < 0.5 else groups[k]]
        if page_every and k and k % page_every == 0:
            out += ["", str(k // page_every + 1), ""] + head
        width = rng.choice([35, 50, 70])
        out.append(cells[0])
        for cell in cells[1:]:
            if cell:
                out += _wrap(cell, width)
    return out


def _aligned(
    header: list[str],
    roles: list[str],
    rows: list[list[str]],
    groups: dict[int, str],
    rng: random.Random,
    page_every: int,
) -> list[str]:
    widths = [{"number": 5, "task": rng.choice([38, 46]), "product": 16, "deadline": 14}.get(r, 22) for r in roles]

    def block(cells: list[str], centre: bool) -> list[str]:
        wrapped = [_wrap(c, w - 2) if c else [] for c, w in zip(cells, widths)]
        height = max(len(w) for w in wrapped) or 1
        if centre:
            wrapped = [[""] * ((height - len(w)) // 2) + w for w in wrapped]
        lines = []
        for i in range(height):
            parts = [(w[i] if i < len(w) else "").ljust(width) for w, width in zip(wrapped, widths)]
            lines.append(("  " + "".join(parts)).rstrip())
        return lines

    head = block(header, centre=False)
    out = list(head) + [""]
    for k, cells in enumerate(rows):
        if k in groups:
            roman, title = groups[k].split(" ", 1)
            out += [("  " + roman.ljust(widths[0]) + title).rstrip(), ""]
        if page_every and k and k % page_every == 0:
            out += ["", f"{' ' * 40}{k // page_every + 1}", "\f"] + head + [""]
        out += block(cells, centre=rng.random() < 0.7) + [""]
    return out


# ---------------------------------------------------------------------------- the plan around it

_OPENINGS = [
    ("ỦY BAN NHÂN DÂN", "TỈNH {P}", "KH-UBND", "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"),
    ("ĐẢNG BỘ TỈNH {P}", "TỈNH ỦY", "KH/TU", "T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ"),
]
_PROVINCES = ["BẮC GIANG", "NAM ĐỊNH", "KON TUM", "HẬU GIANG", "YÊN BÁI", "PHÚ THỌ"]


def _opening(rng: random.Random) -> tuple[str, str, str]:
    first, second, symbol, signer = rng.choice(_OPENINGS)
    province = rng.choice(_PROVINCES)
    number = f"{rng.randint(12, 480)}" + ("-" if symbol.startswith("KH/") else "/") + symbol
    place = province.title()
    head = (
        f"{first.format(P=province)}\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n{second.format(P=province)}\n"
        f"Độc lập - Tự do - Hạnh phúc\nSố: {number}\n{place}, ngày {rng.randint(1, 28)} tháng "
        f"{rng.randint(1, 12)} năm 2025\n\nKẾ HOẠCH\nThực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị\n"
        "về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia\n"
    )
    body = (
        "\nI. MỤC ĐÍCH, YÊU CẦU\n1. Quán triệt đầy đủ, sâu sắc nội dung Nghị quyết; xác định rõ nhiệm vụ, "
        "lộ trình và nguồn lực thực hiện.\n2. Bảo đảm tính khả thi, phù hợp với điều kiện thực tế của tỉnh.\n"
        "II. CHỈ TIÊU VÀ NHIỆM VỤ\nCác chỉ tiêu chủ yếu tại Phụ lục II và các nhiệm vụ cụ thể tại Phụ lục I "
        "kèm theo Kế hoạch này.\nIII. TỔ CHỨC THỰC HIỆN\nCác cơ quan, đơn vị được giao nhiệm vụ chủ động "
        "triển khai, định kỳ báo cáo kết quả thực hiện.\n"
    )
    tail = f"\n{signer}\n\nNguyễn Văn Hùng\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n"
    return head + body + tail, number, place


def _annex_title(label: str, what: str, number: str, rng: random.Random) -> list[str]:
    return [
        "",
        f"PHỤ LỤC {label}",
        what,
        (f"(Kèm theo Kế hoạch số {number} ngày {rng.randint(1, 28)}/{rng.randint(1, 12)}/2025)"),
        "",
    ]


def task_table(rows: list[TaskRow], rng: random.Random, form: str, roles: list[str]) -> list[str]:
    header = [rng.choice(HEADS[r]) for r in roles]
    restart = rng.random() < 0.5
    groups: dict[int, str] = {}
    if rng.random() < 0.6:
        for g, k in enumerate(sorted(rng.sample(range(len(rows)), min(3, len(rows))) + [0])):
            groups.setdefault(k, f"{['I', 'II', 'III', 'IV'][len(groups)]} {rng.choice(GROUPS)}")
    cells_of = []
    number = 0
    for k, row in enumerate(rows):
        number = 1 if (restart and k in groups) else number + 1
        values = {
            "number": str(number),
            "task": row.task,
            "lead": _bodies_cell(row.leads, rng),
            "coordinate": _bodies_cell(row.coordinators, rng),
            "deadline": _deadline_cell(row.deadline, rng),
            "product": rng.choice(PRODUCTS),
        }
        cells_of.append([values[r] for r in roles])
    page_every = rng.choice([0, 4, 6])
    if form == "pipe":
        return _pipe(header, cells_of, groups, rng)
    if form == "raw":
        return _raw(header, cells_of, groups, rng, page_every)
    return _aligned(header, roles, cells_of, groups, rng, page_every)


def indicator_table(rows: list[IndicatorRow], years: list[str], rng: random.Random, form: str) -> list[str]:
    roles = ["number", "indicator", "unit"] + ["year"] * len(years)
    header = [rng.choice(HEADS["number"]), rng.choice(HEADS["indicator"]), rng.choice(HEADS["unit"])]
    header += [rng.choice([y, f"Năm {y}", f"Đến năm {y}"]) for y in years]
    cells_of = [[str(k + 1), r.name, ""] + [r.targets.get(y, "") for y in years] for k, r in enumerate(rows)]
    if form == "pipe":
        return _pipe(header, cells_of, {}, rng)
    if form == "raw":
        return _raw(header, cells_of, {}, rng, 0)
    return _aligned(header, roles, cells_of, {}, rng, 0)


FORMS = ("pipe", "raw", "aligned")


def make_table_plan(seed: int, form: str | None = None, ocr: bool | None = None) -> tuple[str, dict]:
    """A plan whose annexes hold drawn rows in one table form; its expected assignments and
    indicators in the annotation format."""
    rng = random.Random(seed)
    form = form or rng.choice(FORMS)
    tasks = rng.sample(task_rows(), rng.randint(6, 12))
    # a one-cell-per-line table loses its empty cells: there, every row has a target for every year
    years = sorted(rng.sample(["2025", "2026", "2027", "2030", "2035", "2045"], rng.randint(2, 4)))
    fitting = [
        r
        for r in indicator_rows()
        if (all(y in r.targets for y in years) if form == "raw" else any(y in r.targets for y in years))
    ]
    if len(fitting) < 4:
        years = ["2025", "2030"]
        fitting = [r for r in indicator_rows() if all(y in r.targets for y in years)]
    indicators = [
        IndicatorRow(r.name, {y: v for y, v in r.targets.items() if y in years})
        for r in rng.sample(fitting, min(len(fitting), rng.randint(4, 8)))
    ]
    plan, number, _ = _opening(rng)
    lines = plan.split("\n")
    roles = rng.choice(ORDERS)
    lines += _annex_title("I", "DANH MỤC NHIỆM VỤ TRIỂN KHAI THỰC HIỆN", number, rng)
    lines += task_table(tasks, rng, form, roles)
    lines += _annex_title("II", "CÁC CHỈ TIÊU CHỦ YẾU", number, rng) + indicator_table(indicators, years, rng, form)
    text = "\n".join(lines) + "\n"
    if ocr if ocr is not None else rng.random() < 0.3:
        text = damage(text, seed, level=0.3)
    expected = {
        "assignments": [
            {"agency": name, "role": role, "task": row.task, "deadline": row.deadline if "deadline" in roles else None}
            for row in tasks
            for role, names in (("lead", row.leads), ("coordinate", row.coordinators))
            for name in names
        ],
        "indicators": [{"name": r.name, "targets": {y: v for y, v in r.targets.items()}} for r in indicators],
    }
    return text, expected
