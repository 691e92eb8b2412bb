"""Layout variants of an annotated text: the same document as other sites, tools and scanners
leave it, so that a rule that only fits one layout fails a test.

Each transform changes how the text looks, never what it says: the annotation of the original
holds for every variant (line numbers aside, which the scorer does not match on). A variant is a
seeded combination of transforms, named so that a failing one can be made again:
``make_variant(text, "furniture-legal+pages+ocr", seed=3)``.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

from tests.ocr_noise import damage

_NUMBER_LINE = re.compile(r"^\s*Số:?\s*(\d[^\s|]*)", re.MULTILINE)
_DATE_LINE = re.compile(r"ngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4})")


def _own_number(text: str) -> str:
    match = _NUMBER_LINE.search("\n".join(text.split("\n")[:15]))
    return match.group(1) if match else ""


def furniture_legal(text: str, rng: random.Random) -> str:
    """A legal database's page: menus, a search box, buttons, a metadata box, a copyright notice
    before the document; related documents after it."""
    number = _own_number(text)
    date = _DATE_LINE.search(text)
    day = f"{int(date.group(1)):02d}/{int(date.group(2)):02d}/{date.group(3)}" if date else "Đang cập nhật"
    box = rng.choice(
        [
            (
                f"Số hiệu: {number}   Loại văn bản: Kế hoạch\nNơi ban hành: Đang cập nhật   Người ký: Đang cập nhật\n"
                f"Ngày ban hành: {day}   Ngày hiệu lực: Đã biết\nTình trạng: Đã biết"
            ),
            f"| Số hiệu | {number} |\n| Ngày ban hành | {day} |\n| Cơ quan ban hành | Đang cập nhật |",
            f"Số hiệu:{number}Ngày đăng công báo:Đang cập nhật\nNgày ban hành:{day}Ngày hết hiệu lực:Đang cập nhật",
        ]
    )
    before = (
        f"Trang chủ | Văn bản pháp luật | Biểu mẫu | Đăng nhập\n"
        f"Từ khoá: Số Hiệu, Tiêu đề hoặc Nội dung ngắn gọn của Văn bản...\nTìm kiếm nâng cao\n"
        f"Văn bản {number}\n{box}\nBáo lỗi   Ghi chú   Tải về\n"
        f"Bản dịch này thuộc quyền sở hữu của trang. Mọi hành vi sao chép là vi phạm pháp luật.\n\n"
    )
    after = (
        "\n\nVăn bản liên quan\nKế hoạch 9999/KH-UBND năm 2025 về chuyển đổi số\n"
        "Quyết định 8888/QĐ-UBND năm 2025 phê duyệt đề án\n"
    )
    return before + text + after


def furniture_news_portal(text: str, rng: random.Random) -> str:
    """A provincial portal's page holding the document: a menu, a breadcrumb, a date line, a
    download link; related news after it."""
    stamp = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/2025 {rng.randint(7, 20):02d}:{rng.randint(0, 59):02d}"
    before = (
        f"CỔNG THÔNG TIN ĐIỆN TỬ\nGiới thiệu | Tin tức | Văn bản | Dịch vụ công | Liên hệ\n"
        f"Trang chủ > Văn bản chỉ đạo điều hành\n{stamp} | Lượt xem: {rng.randint(100, 9000)} | In | Chia sẻ\n\n"
    )
    after = (
        "\n\nTệp đính kèm: van-ban.pdf\nTin liên quan\n"
        "Tỉnh triển khai Kế hoạch số 7777/KH-UBND về chuyển đổi số năm 2026\n"
    )
    return before + text + after


def split_header_cells(text: str, rng: random.Random) -> str:
    """The header's two columns copied from a table: residue lines between the cells, the motto
    and the place-and-date line wrapped inside their cells."""
    lines = text.split("\n")
    head = []
    for line in lines[:12]:
        line = line.replace("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM")
        line = re.sub(r"(\S+), ngày (\d{1,2}) tháng", r"\1, ngày\n\2 tháng", line)
        head.append(line)
        if line.strip():
            head.append(rng.choice(["|", "| |", "|  |"]))
    return "\n".join(head + lines[12:])


def page_breaks(text: str, rng: random.Random) -> str:
    """Page numbers and a running header where pages break (at blank lines, as PDF-to-text
    leaves them), about every fifty lines."""
    out, page, since = [], 1, 0
    for line in text.split("\n"):
        out.append(line)
        since += 1
        if not line.strip() and since > 45:
            page += 1
            out += [rng.choice([f"- {page} -", f"{page}", f"Trang {page}/40"]), ""]
            since = 0
    return "\n".join(out)


def item_markers(text: str, rng: random.Random) -> str:
    """Other item markers as other plans write them: "1-" for "1.", "a." for "a)" (before a
    capital), "•" or "*" for a dash bullet ("+" is not one: it marks a bullet under a bullet)."""
    dash = rng.choice(["•", "*"])

    def before_capital(pattern: str, replace) -> Callable[[str], str]:
        def sub(text: str) -> str:
            return re.sub(
                pattern, lambda m: replace(m) if m.group("next")[:1].isupper() else m.group(0), text, flags=re.MULTILINE
            )

        return sub

    text = before_capital(r"^(\s*)(\d{1,2})\.(?=\s+(?P<next>\S))", lambda m: f"{m.group(1)}{m.group(2)}-")(text)
    text = before_capital(r"^(\s*)([a-eđ])\)(?=\s+(?P<next>\S))", lambda m: f"{m.group(1)}{m.group(2)}.")(text)
    return before_capital(r"^(\s*)-(?=\s+(?P<next>\S))", lambda m: m.group(1) + dash)(text)


def form_feeds(text: str, rng: random.Random) -> str:
    """Pages cut by form feeds, each new page opening with the document's number as a running
    header (as `pdftotext` leaves a document whose pages carry one)."""
    number = _own_number(text) or "KH"
    out, since = [], 0
    for line in text.split("\n"):
        out.append(line)
        since += 1
        if not line.strip() and since > rng.randint(35, 60):
            out[-1] = "\f" + number
            since = 0
    return "\n".join(out)


def double_spacing(text: str, rng: random.Random) -> str:
    """A blank line after every line of running text, as some converters write paragraphs."""
    return "\n".join(
        line + ("\n" if line.strip() and len(line) > 60 and rng.random() < 0.5 else "") for line in text.split("\n")
    )


def ocr(text: str, rng: random.Random) -> str:
    """OCR damage of a fifth of the words (tests/ocr_noise.py)."""
    return damage(text, rng.randint(1, 10_000), level=0.2)


TRANSFORMS: dict[str, Callable[[str, random.Random], str]] = {
    "furniture-legal": furniture_legal,
    "furniture-portal": furniture_news_portal,
    "split-header": split_header_cells,
    "pages": page_breaks,
    "form-feeds": form_feeds,
    "markers": item_markers,
    "spacing": double_spacing,
    "ocr": ocr,
}
# transforms that cannot go together (a page has one kind of furniture)
_EXCLUSIVE = {frozenset({"furniture-legal", "furniture-portal"}), frozenset({"pages", "form-feeds"})}


def make_variant(text: str, name: str, seed: int) -> str:
    """The variant ``name`` ("split-header+pages+ocr") of ``text`` made with ``seed``. Transforms
    apply in the order of ``TRANSFORMS`` (furniture before OCR damage, which touches it too)."""
    rng = random.Random(seed)
    chosen = set(name.split("+"))
    for key, transform in TRANSFORMS.items():
        if key in chosen:
            text = transform(text, rng)
    return text


def variant_names(count: int, seed: int) -> list[str]:
    """``count`` distinct combinations of one to three transforms, drawn with ``seed``."""
    rng = random.Random(seed)
    keys = list(TRANSFORMS)
    out: list[str] = []
    while len(out) < count:
        picked = sorted(rng.sample(keys, rng.randint(1, 3)), key=keys.index)
        if any(pair <= set(picked) for pair in _EXCLUSIVE):
            continue
        name = "+".join(picked)
        if name not in out:
            out.append(name)
    return out
