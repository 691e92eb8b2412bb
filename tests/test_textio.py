import pytest

from plankg.errors import PlankgError
from plankg.loaders.textio import decode_text, legacy_encoding_of, read_text


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("Nghị quyết số 57".encode("cp1258", errors="ignore") + b"\xe0\xe1\xe2", "not UTF-8"),
    ],
)
def test_refuses_what_is_not_a_usable_text(data, reason):
    with pytest.raises(PlankgError, match=reason):
        decode_text(data, "x.txt")


def test_accepts_utf8_with_bom_and_ocr_text():
    assert decode_text("\ufeffNghi quyét s6 57-NQ/TW".encode("utf-8"), "x").startswith("Nghi")


def test_unicode_text_is_not_taken_for_legacy():
    assert legacy_encoding_of("Nghị quyết số 57-NQ/TW của Bộ Chính trị về đột phá phát triển") is None


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(PlankgError, match="no such file"):
        read_text(tmp_path / "nope.txt")
    with pytest.raises(PlankgError, match="directory"):
        read_text(tmp_path)


def test_size_limit(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("a" * 2000)
    with pytest.raises(PlankgError, match="too large"):
        read_text(big, max_bytes=1000)
