"""The national role of a provincial body: what makes "Văn phòng Tỉnh ủy" of two provinces
comparable although they are two bodies (two nodes).

A body's role is its name without its province: every province has a "Sở Khoa học và Công nghệ",
a "Văn phòng Tỉnh ủy", a branch "Viettel <province>". A central body is national and has no
provincial role. The 2025 reorganisation merged some roles into others (the gazetteer's
``role_successors``): the old role names its successor, so tasks given to "Ban Tuyên giáo Tỉnh
ủy" in 2024 and to "Ban Tuyên giáo và Dân vận Tỉnh ủy" in 2025 can be read together. A
centrally-run city's body has the role of its provincial counterpart ("Văn phòng Thành ủy" of Hà
Nội is a "Văn phòng Tỉnh ủy").
"""

from __future__ import annotations

from functools import lru_cache

from plankg.loaders.gazetteer import load_gazetteer, provincial_form, without_province
from plankg.loaders.normalize import fold

_LOCAL = {"province", "district"}


def role_of(name: str, province: str | None, level: str) -> str | None:
    """The role name of a provincial body (see module doc), None for a national one."""
    if level == "central":
        return None
    gaz = load_gazetteer()
    named = gaz.province_at_end(name)
    if not named and level not in _LOCAL:
        return None  # an enterprise or school not tied to a province is itself, not a role
    role = without_province(name, named or province) or None
    if role and (named or province) in gaz.cities:
        role = provincial_form(role)  # "Văn phòng Thành ủy" of Hà Nội is a "Văn phòng Tỉnh ủy"
    return role


@lru_cache(maxsize=1)
def _successors() -> dict[str, str]:
    return {fold(old): new for old, new in load_gazetteer().role_successors.items()}


def successor_of(role: str) -> str | None:
    """The role a 2025 merger folded this one into, if any."""
    return _successors().get(fold(role))
