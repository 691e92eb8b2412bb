import pytest

from plankg.loaders.agencies import AgencyMatcher, collect_agencies, matcher_for, resolve_aliases
from plankg.loaders.source import SourceText


def names(text: str, province: str | None = "Quảng Ninh") -> list[str]:
    src = SourceText("t", text)
    mentions = resolve_aliases(src, AgencyMatcher(province).find_all(src))
    return [a.name for a in collect_agencies(src, mentions)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Ban Thường vụ Tỉnh ủy ban hành", ["Ban Thường vụ Tỉnh ủy"]),
        ("Ban Thuong vu Tinh ty ban hanh", ["Ban Thường vụ Tỉnh ủy"]),
        ("Ban Tuyén gi4o va Dan van Tinh gy chủ trì", ["Ban Tuyên giáo và Dân vận Tỉnh ủy"]),
        ("giao Sở KH&CN chủ trì", ["Sở Khoa học và Công nghệ"]),
        ("Đảng ủy ủy ban nhân dân tỉnh chỉ đạo", ["Đảng ủy Ủy ban nhân dân tỉnh"]),
        ("Thủ tướng Chính phủ phê duyệt", ["Thủ tướng Chính phủ"]),
        ("các sở, ban, ngành, địa phương", ["Các sở, ban, ngành tỉnh"]),
        ("Trường Đại học Hạ Long và Binh đoàn 19", ["Trường Đại học Hạ Long", "Binh đoàn 19"]),
        ("Phòng Chuyển đổi số - Cơ yếu (xong)", ["Phòng Chuyển đổi số - Cơ yếu"]),
    ],
)
def test_recognises_agencies(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "chuyển đổi số, xây dựng hạ tầng",  # "số, xây dựng" is not "Sở Xây dựng"
        "Số 538-KH/TU",
        "phát triển kinh tế số; y tế thông minh",
    ],
)
def test_no_agency_in_ordinary_words(text):
    assert names(text) == []


def test_role_alias_is_bound_to_the_body_the_text_names():
    text = (
        "Văn phòng Tỉnh ủy - Cơ quan Thường trực Ban Chỉ đạo cấp tỉnh giúp việc.\n"
        "Ban Tuyên giáo Tỉnh ủy phối hợp với Cơ quan Thường trực Ban Chỉ đạo."
    )
    assert names(text) == ["Văn phòng Tỉnh ủy", "Ban Tuyên giáo Tỉnh ủy"]


def test_unbound_role_is_not_an_agency():
    assert names("phối hợp với Cơ quan Thường trực Ban Chỉ đạo") == []


def test_short_name_merges_into_the_full_name_the_text_gives():
    text = (
        "thành lập Ban Chỉ đạo cấp tỉnh về phát triển khoa học, công nghệ, đổi mới sáng tạo và "
        "chuyển đổi số.\nBan Chỉ đạo cấp tỉnh báo cáo định kỳ."
    )
    found = names(text)
    assert len(found) == 1 and found[0].startswith("Ban Chỉ đạo cấp tỉnh về phát triển khoa học")


def test_province_fills_local_names():
    assert names("TỈNH ỦY LẠNG SƠN", province="Lạng Sơn") == ["Tỉnh ủy Lạng Sơn"]


def test_lines_are_recorded():
    src = SourceText("t", "dòng một\nBộ Chính trị\n\nBộ Chính trị")
    agencies = collect_agencies(src, AgencyMatcher(None).find_all(src))
    assert agencies[0].lines == [2, 4]


def test_a_city_text_that_writes_a_body_as_a_province_does_still_names_it_as_the_city_does():
    from plankg.loaders.agencies import matcher_for
    from plankg.loaders.source import SourceText

    names = [
        m.name
        for m in matcher_for("Cần Thơ").find_all(SourceText("x", "Văn phòng Tỉnh ủy và Văn phòng Thành ủy phối hợp."))
    ]
    assert names == ["Văn phòng Thành ủy", "Văn phòng Thành ủy"]


def test_a_bare_council_shares_the_committees_complement():
    from plankg.loaders.agencies import matcher_for, resolve_aliases
    from plankg.loaders.source import SourceText

    src = SourceText("x", "Nơi nhận:\n- HĐND, UBND các tỉnh, thành phố trực thuộc trung ương;\n")
    names = [m.name for m in resolve_aliases(src, matcher_for(None).find_all(src))]
    assert names == [
        "Hội đồng nhân dân các tỉnh, thành phố trực thuộc trung ương",
        "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương",
    ]


def test_a_body_named_inside_a_task_cell_is_a_body_of_the_text():
    from plankg.loaders.extract import extract_text

    text = (
        "CHÍNH PHỦ\nSố: 9/NQ-CP\nNGHỊ QUYẾT\nvề chuyển đổi số\n\nI. NHIỆM VỤ\n1. Triển khai.\n\nPHỤ LỤC\n\n"
        "TT\nNhiệm vụ\nCơ quan chủ trì\nCơ quan phối hợp\nThời hạn\n\n1\n"
        "Hỗ trợ doanh nghiệp đổi mới công nghệ thông qua Quỹ Đổi mới công nghệ quốc gia\n"
        "Bộ Khoa học và Công nghệ\nBộ Tài chính\nNăm 2026\n"
    )
    assert "Quỹ Đổi mới công nghệ quốc gia" in {a.name for a in extract_text(text, "cp.txt").agencies}


def test_a_school_named_by_one_word_where_its_name_visibly_ends():
    from plankg.loaders.agencies import matcher_for
    from plankg.loaders.source import SourceText

    names = [
        m.name
        for m in matcher_for("Nghệ An").find_all(SourceText("x", "hợp tác với Trường Đại\nhọc Vinh; với Đài Loan."))
    ]
    assert names == ["Trường Đại học Vinh"]


def test_the_usual_abbreviations_of_provincial_bodies():
    from plankg.loaders.agencies import matcher_for
    from plankg.loaders.source import SourceText

    text = "Sở NN&MT, Sở VHTT&DL, Bộ CHQS tỉnh, Hội LHPN tỉnh, LĐLĐ tỉnh phối hợp."
    assert [m.name for m in matcher_for("Nghệ An").find_all(SourceText("x", text))] == [
        "Sở Nông nghiệp và Môi trường",
        "Sở Văn hóa, Thể thao và Du lịch",
        "Bộ Chỉ huy Quân sự tỉnh",
        "Hội Liên hiệp Phụ nữ tỉnh",
        "Liên đoàn Lao động tỉnh",
    ]


def test_a_name_keeps_the_second_syllable_of_its_words():
    from plankg.loaders.agencies import matcher_for
    from plankg.loaders.source import SourceText

    names = [
        m.name
        for m in matcher_for("Quảng Ninh").find_all(
            SourceText("x", "Trung tâm Giám sát và Điều hành Đô thị thông minh vận hành; Sở Tài chính chủ trì.")
        )
    ]
    assert names == ["Trung tâm Giám sát và Điều hành Đô thị", "Sở Tài chính"]


@pytest.mark.parametrize(
    "province,written,name",
    [
        ("Lào Cai", "Ủy ban nhân dân thị xã Sa Pa", "Ủy ban nhân dân thị xã Sa Pa"),
        ("Lào Cai", "UBND huyện Bắc Hà", "Ủy ban nhân dân huyện Bắc Hà"),
        ("Lào Cai", "Ủy ban nhân dân thành phố Lào Cai", "Ủy ban nhân dân thành phố Lào Cai"),  # a city of the province
        ("Cần Thơ", "UBND quận Ninh Kiều", "Ủy ban nhân dân quận Ninh Kiều"),
        ("Bình Định", "Hội đồng nhân dân thị xã An Nhơn", "Hội đồng nhân dân thị xã An Nhơn"),
    ],
)
def test_a_district_or_town_committee_is_its_own_body_never_the_provinces(province, written, name):
    found = matcher_for(province).find_all(SourceText("t", f"{written} chủ trì triển khai."))
    assert [(m.name, m.level) for m in found] == [(name, "district")]


def test_a_centrally_run_citys_own_committee_stays_the_top_one():
    found = matcher_for("Cần Thơ").find_all(SourceText("t", "Ủy ban nhân dân thành phố Cần Thơ chủ trì."))
    assert [m.level for m in found] == ["province"]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a commune's, ward's or special zone's own bodies, never the province's
        ("4. Ủy ban Kiểm tra Đảng ủy xã:\n- Đưa nội dung", ["Ủy ban Kiểm tra Đảng ủy xã"]),
        ("Ủy ban Mặt trận Tổ quốc Việt Nam phường tuyên truyền", ["Ủy ban Mặt trận Tổ quốc Việt Nam phường"]),
        ("Phòng Văn hóa - Xã hội đặc khu chủ trì", ["Phòng Văn hóa - Xã hội đặc khu"]),
        ("Trung tâm Chính trị huyện phối hợp", ["Trung tâm Chính trị huyện"]),
        ("phối hợp với Văn phòng HĐND và UBND phường;", ["Văn phòng Hội đồng nhân dân và Ủy ban nhân dân phường"]),
        ("Ban Tuyên giáo Huyện ủy hướng dẫn", ["Ban Tuyên giáo Huyện ủy"]),
        # the words of a unit's kind are not read into other words
        ("các cấp ủy trực thuộc quán triệt", ["Các cấp ủy trực thuộc Tỉnh ủy"]),
        # local committees listed by kind in any order are one collective
        ("UBND các quận, huyện tổ chức", ["Ủy ban nhân dân các huyện, thị xã, thành phố"]),
        ("Ủy ban nhân dân các huyện, thành phố, thị xã xây dựng", ["Ủy ban nhân dân các huyện, thị xã, thành phố"]),
        ("UBND các xã, phường, đặc khu", ["Ủy ban nhân dân các xã, phường"]),
        # a department's own units (OCR writes "Sờ")
        ("5. Văn phòng Sờ\n- Số hóa", ["Văn phòng Sở"]),
        ("Các phòng, đơn vị thuộc Sở xây dựng", ["Các phòng, đơn vị thuộc Sở"]),
        # a body named alone on its heading line keeps its lower-case words
        ("2. Phòng Quản lý công nghệ và Đổi mới sáng tạo\n- Chủ trì", ["Phòng Quản lý công nghệ và Đổi mới sáng tạo"]),
        # a district committee's place is not read from a table's next cell
        ("UBND phường\nPhòng Văn hóa - Xã hội", ["Ủy ban nhân dân phường", "Phòng Văn hóa - Xã hội"]),
    ],
)
def test_recognises_local_and_internal_bodies(text, expected):
    assert names(text) == expected
