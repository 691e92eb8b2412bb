"""Short texts the tests build plans from (written for the tests, not real documents)."""

# A provincial party plan's header, title and opening, up to its first part's heading
PARTY_PLAN_OPENING = """TỈNH ỦY GIA LAI ĐẢNG CỘNG SẢN VIỆT NAM
*
Số 40-KH/TU Gia Lai, ngày 02 tháng 4 năm 2025

KẾ HOẠCH
thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị
-----
Thực hiện Nghị quyết số 57-NQ/TW, Ban Thường vụ Tỉnh ủy ban hành Kế hoạch như sau:
I. MỤC ĐÍCH, YÊU CẦU
"""
