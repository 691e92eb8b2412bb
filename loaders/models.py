"""The records extraction produces: plain dataclasses, free of any parsing or RDF concern."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from plankg.loaders.accounting import Accounting


class Word(str, Enum):
    """A closed set of words: each member is its own string (it compares, hashes, formats and
    serialises as the word), so the JSON report and the RDF read as with plain strings."""

    def __str__(self) -> str:
        return str(self.value)


class Role(Word):
    """What a body does in a task: leads it ("chủ trì") or coordinates ("phối hợp")."""

    LEAD = "lead"
    COORDINATE = "coordinate"


class DeadlinePrecision(Word):
    """How precisely a task's deadline is given: the period its due date ends."""

    DAY = "day"
    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"
    SCHOOL_YEAR = "school-year"
    YEAR = "year"
    RANGE = "range"  # "2025-2030": due at the end of the last year
    RECURRENCE = "recurrence"  # annual, periodic: no due date


class BlockKind(Word):
    """What a unit of a document's outline is: a part's heading ("I.", "PHẦN II", "A."), a
    numbered item ("1.", "4.1."), a bullet ("-", "+", "a)"), or free text before any of them."""

    ROMAN = "roman"
    NUMBERED = "numbered"
    BULLET = "bullet"
    TEXT = "text"


class DocumentType(Word):
    """The kind of a document: its type code's kind in the gazetteer ("NQ" a resolution), or,
    for a text with no number, a page that reports (an article) or another text."""

    CIRCULAR = "circular"
    CONCLUSION = "conclusion"
    DECISION = "decision"
    DECREE = "decree"
    DIRECTIVE = "directive"
    GUIDANCE = "guidance"
    LAW = "law"
    NOTICE = "notice"
    OFFICIAL_LETTER = "official_letter"
    ORDINANCE = "ordinance"
    PLAN = "plan"
    PROGRAM = "program"
    PROPOSAL = "proposal"
    REGULATION = "regulation"
    REPORT = "report"
    RESOLUTION = "resolution"
    RULES = "rules"
    SCHEME = "scheme"
    ARTICLE = "article"
    OTHER = "other"


@dataclass(frozen=True)
class DocNumber:
    """A Vietnamese document number, split into its parts ("57-NQ/TW", "71/NQ-CP", "193/2025/QH15")."""

    number: str  # the running number, digits only ("57")
    type_code: str  # canonical type symbol ("NQ", "QĐ", "KH", "CTr"); "" for QH-style numbers
    issuer_code: str  # canonical issuer symbol ("TW", "TU", "CP", "TTg", "QH15")
    year: int | None = None  # the year written inside the number (state legal documents)
    style: str = "party"  # "party" (n-TYPE/ISSUER), "state" (n/TYPE-ISSUER), "legal" (n/yyyy/...)
    # or "letter" (n/ISSUER-UNIT: an official letter numbered without a type code, "5511/BKHCN-CĐSQG")

    @property
    def issuing_body(self) -> str:
        """The code of the body that issues it: a letter's issuer before its unit ("BKHCN")."""
        return self.issuer_code.split("-")[0] if self.style == "letter" else self.issuer_code

    @property
    def canonical(self) -> str:
        if self.style == "letter":
            return f"{self.number}/{self.issuer_code}"
        if self.style == "party":
            return f"{self.number}-{self.type_code}/{self.issuer_code}"
        if self.style == "legal" and not self.type_code:
            return f"{self.number}/{self.year}/{self.issuer_code}"
        if self.style == "legal":
            return f"{self.number}/{self.year}/{self.type_code}-{self.issuer_code}"
        return f"{self.number}/{self.type_code}-{self.issuer_code}"


@dataclass
class Reference:
    """Another document cited in the text, with what the text says about it."""

    number: DocNumber
    kind: DocumentType
    title_word: str | None = None  # the word before the number as written ("Nghị quyết")
    date: str | None = None  # ISO date, when the text gives one
    issuer: str | None = None  # issuing body as the text names it (canonical name)
    lines: list[int] = field(default_factory=list)
    implements: list[DocNumber] = field(default_factory=list)  # what the text says this document implements
    issuer_national_role: str | None = None  # the issuer's national role (loaders/roles.py)


@dataclass
class Agency:
    """An organisation named in the text."""

    name: str  # canonical Vietnamese name, diacritics restored
    level: str  # central, province, district, enterprise, school, other
    abbreviations: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)  # other names the text uses for it
    lines: list[int] = field(default_factory=list)
    national_role: str | None = None  # a provincial body's role in every province (loaders/roles.py)


@dataclass
class Assignment:
    """A task given to a named body, with its role in it."""

    agency: str
    role: Role
    section: str  # the plan's own numbering path ("V.4.1")
    task: str
    deadline: str | None  # a year, annual, ongoing, periodic, or None
    lines: list[int] = field(default_factory=list)
    due: str | None = None  # ISO date: the last day of the period the task is due in
    precision: DeadlinePrecision | None = None
    rule: str = ""  # the rule that read it (loaders/rules.py lists them), for provenance and per-rule scores
    table: int | None = None  # read from a table: the table's place among the text's tables (1 = the first)
    row: str | None = None  # … and its row's number as the table writes it


@dataclass
class Target:
    """One target of an indicator: a year (or "annual"/"unspecified") and the value as written."""

    period: str
    text: str
    comparator: str | None = None  # >, >=, <, <=, =, ~
    value: float | None = None  # the number, or the lower end of a range ("8 - 10%")
    unit: str | None = None  # "%", "người", "doanh nghiệp"
    upper: float | None = None  # the upper end of a range
    qualifier: str | None = None  # what the value is of or against: "5G" (> 60%), 2% "GDP"


@dataclass
class Indicator:
    """A quantified target of the plan, from its appendix table or stated in the body."""

    name: str
    group: str | None
    targets: list[Target] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    rule: str = ""  # the rule that read it (loaders/rules.py lists them)
    theme: str | None = None  # the theme of Resolution 57-NQ/TW it belongs to (loaders/themes.py)
    table: int | None = None  # read from a table: the table's place among the text's tables (1 = the first)
    row: str | None = None  # … and its row's number as the table writes it


@dataclass
class DocumentInfo:
    """What the text says about itself."""

    kind: DocumentType
    number: DocNumber | None
    date: str | None
    issuer: str | None
    province: str | None
    title: str | None
    implements: list[DocNumber] = field(default_factory=list)
    supersedes: list[DocNumber] = field(default_factory=list)
    issuer_national_role: str | None = None  # the issuer's national role (loaders/roles.py)


@dataclass
class Report:
    """Everything extracted from one source text."""

    source: str
    document: DocumentInfo
    references: list[Reference] = field(default_factory=list)
    agencies: list[Agency] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # what could not be read (missing annexes, rows)
    damage: float = 0.0  # how damaged the text looks, 0 (clean) … 1 (restore.damage_score)
    lines: Accounting | None = None  # every line's kind, the unread spans, the read shares
    page_starts: list[int] = field(default_factory=lambda: [1])  # the first line of each page


@dataclass
class Section:
    """A numbered part of the document's outline ("V.4.1"), with its heading and line span."""

    path: str
    heading: str
    first_line: int
    last_line: int
