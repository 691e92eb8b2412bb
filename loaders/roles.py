"""The national role of a provincial body: what makes "Văn phòng Tỉnh ủy" of two provinces
comparable although they are two bodies (two nodes).

A body's role is its name without its province: every province has a "Sở Khoa học và Công nghệ",
a "Văn phòng Tỉnh ủy", a branch "Viettel <province>". A central body is national and has no
provincial role. The 2025 reorganisation merged some roles into others (the gazetteer's
``role_successors``): the old role names its successor, so tasks given to "Ban Tuyên giáo Tỉnh
ủy" in 2024 and to "Ban Tuyên giáo và Dân vận Tỉnh ủy" in 2025 can be read together. A
centrally-run city's body has the role of its provincial counterpart ("Văn phòng Thành ủy" of Hà
Nội is a "Văn phòng Tỉnh ủy").

``assign_roles`` gives every body a report names (its agencies and the issuers of the document
and of the documents it cites) the role of the body the name stands for (loaders/bodies.py), so
the report carries the roles and the graph only writes them.
"""

from __future__ import annotations

from functools import lru_cache

from plankg.loaders.agencies import entry_for
from plankg.loaders.bodies import body_of
from plankg.loaders.gazetteer import load_gazetteer, provincial_form, without_province
from plankg.loaders.models import Agency, Report
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


def body_role(name: str, level: str, province: str | None) -> str | None:
    """The national role of the body ``name`` stands for in a text of ``province``
    (loaders/bodies.py): a province's body has one, a national body none."""
    body = body_of(name, level, province)
    return role_of(body.name, body.province, "province") if body.province else None


def assign_roles(report: Report) -> None:
    """Set the national role of each agency of the report and of each issuer it names (an
    issuer the agencies do not hold is the body its name without the province stands for)."""
    province = report.document.province
    for agency in report.agencies:
        agency.national_role = body_role(agency.name, agency.level, province)
    known = {agency.name: agency for agency in report.agencies}

    def issuer_role(issuer: str | None) -> str | None:
        if not issuer:
            return None
        short = without_province(issuer, province)
        record: Agency | None = known.get(issuer) or known.get(short)
        if record is not None:
            return record.national_role
        entry = entry_for(short)
        return body_role(short, entry.level if entry else "other", province)

    report.document.issuer_national_role = issuer_role(report.document.issuer)
    for reference in report.references:
        reference.issuer_national_role = issuer_role(reference.issuer)
