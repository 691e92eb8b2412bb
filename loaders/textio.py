"""Read a text file safely: refuse what is not a readable UTF-8 policy text, with a reason."""

from __future__ import annotations

from pathlib import Path

from plankg.errors import PlankgError
from plankg.loaders.legacy import convert_legacy

MAX_TEXT_BYTES = 64 * 1024 * 1024

# Characters that Vietnamese Unicode text never uses but legacy font encodings read as Latin
# text are full of: VNI writes "Nghò quyeát soá" ("ñ" for "đ", "ä", "û", "ø" as tone marks);
# TCVN3 (ABC) writes "NghÞ quyÕt" with "¸ µ ¶ · ¹ ¨ ©" for toned vowels.
_VNI_CHARS = frozenset("åäëïöüñøûîÿæÅÄËÏÖÜÑØÛÎ")
_TCVN3_CHARS = frozenset("¸µ¶·¹¨©ª«¬®§¢¤¥¦£ÞÕ")


def legacy_encoding_of(text: str) -> str | None:
    """Name the legacy Vietnamese encoding the text seems to be in, or None if it looks like Unicode."""
    sample = text[:200_000]
    words = max(1, len(sample.split()))
    vni = sum(sample.count(ch) for ch in _VNI_CHARS)  # str.count runs in C: 0.1 s less per 20 texts
    tcvn = sum(sample.count(ch) for ch in _TCVN3_CHARS)
    if vni >= 3 and vni > words * 0.05:
        return "VNI"
    if tcvn >= 3 and tcvn > words * 0.05:
        return "TCVN3 (ABC)"
    return None


def _wide_encoding(data: bytes) -> str | None:
    """UTF-32 or UTF-16, by the byte order mark, or (UTF-16 without one) by the NUL byte
    that accompanies each ASCII character: Windows tools still save text so."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "utf-32"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    head = data[:4096]
    if len(head) >= 16 and len(head) % 4 == 0:
        lanes = [head[k::4] for k in range(4)]
        if all(lane.count(0) > len(lane) * 0.9 for lane in lanes[2:]):
            return "utf-32-le" if lanes[1].count(0) > len(lanes[1]) * 0.5 else None
        if all(lane.count(0) > len(lane) * 0.9 for lane in lanes[:2]):
            return "utf-32-be"
    if len(head) >= 16 and len(head) % 2 == 0:
        even, odd = head[0::2], head[1::2]
        if odd.count(0) > len(odd) * 0.4 and even.count(0) < len(even) * 0.05:
            return "utf-16-le"
        if even.count(0) > len(even) * 0.4 and odd.count(0) < len(odd) * 0.05:
            return "utf-16-be"
    return None


def decode_text(data: bytes, name: str, warnings: list[str] | None = None) -> str:
    """Decode bytes of a policy text, raising PlankgError with a reason when they are not usable.
    UTF-16/32 are decoded; a text in a legacy encoding (VNI, TCVN3, VISCII) is converted, and a
    line saying so goes to ``warnings``."""
    if not data.strip():
        raise PlankgError(f"{name}: the file is empty")
    wide = _wide_encoding(data)
    if wide:
        try:
            data = data.decode(wide).encode("utf-8")
        except UnicodeDecodeError as err:
            raise PlankgError(f"{name}: looks like {wide.upper()} but is not (invalid at offset {err.start})") from None
    head = data[:8192]
    if b"\x00" in head:
        raise PlankgError(f"{name}: this is a binary file, not a text (it contains NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        converted = convert_legacy(data.decode("latin-1"))
        if converted:
            return _converted(name, *converted, warnings)
        guess = "Windows-1258 or TCVN3/VNI"
        try:
            latin = data.decode("cp1258")
            guess = legacy_encoding_of(latin) or "Windows-1258"
        except UnicodeDecodeError:
            pass
        raise PlankgError(
            f"{name}: not UTF-8 (invalid byte at offset {err.start}; looks like {guess}); convert it to UTF-8 first"
        ) from None
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    if controls > max(8, len(text[:8192]) // 50):
        raise PlankgError(f"{name}: this looks like a binary file, not a text")
    converted = convert_legacy(text)
    if converted:
        return _converted(name, *converted, warnings)
    legacy = legacy_encoding_of(text)
    if legacy:
        raise PlankgError(
            f"{name}: the text is in the legacy {legacy} font encoding, not Unicode; "
            "convert it to Unicode first (e.g. with UniKey's converter)"
        )
    return text


def _converted(name: str, text: str, encoding: str, warnings: list[str] | None) -> str:
    if warnings is not None:
        warnings.append(f"{name}: converted from the legacy {encoding} font encoding to Unicode")
    return text


def read_text(path: str | Path, max_bytes: int = MAX_TEXT_BYTES) -> str:
    """Read a policy text from disk (see decode_text for what is refused)."""
    return decode_text(read_bytes(path, max_bytes), str(path))


def read_bytes(path: str | Path, max_bytes: int = MAX_TEXT_BYTES) -> bytes:
    """The bytes of a text file, refusing a missing path, a folder or a file over the limit."""
    path = Path(path)
    if not path.exists():
        raise PlankgError(f"{path}: no such file")
    if path.is_dir():
        raise PlankgError(f"{path}: is a directory, not a text file")
    size = path.stat().st_size
    if size > max_bytes:
        raise PlankgError(f"{path}: too large ({size / 1e6:.0f} MB; the limit is {max_bytes / 1e6:.0f} MB)")
    try:
        return path.read_bytes()
    except OSError as err:
        raise PlankgError(f"{path}: cannot be read ({err.strerror})") from None
