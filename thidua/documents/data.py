"""Plain data handed to the document builders.

Callers (the services layer) turn database rows into these frozen dataclasses, so the
builders never touch Django models. Dates are ``datetime.date``; money is integer đồng.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Letterhead:
    """Who issues the document and who signs it."""

    parent_body: str  # e.g. "CÔNG ĐOÀN Y TẾ VIỆT NAM"; may be ""
    issuer: str  # e.g. "CÔNG ĐOÀN NGÀNH Y TẾ HÀ NỘI"
    symbol: str  # issuer's code in number symbols, e.g. "CĐYT"
    place: str  # e.g. "Hà Nội"
    signer_authority: str  # e.g. "TM. BAN CHẤP HÀNH"
    signer_title: str  # e.g. "CHỦ TỊCH"
    signer_name: str


@dataclass(frozen=True)
class Recipient:
    """One line of a recipients list."""

    index: int
    name: str
    kind: str  # "individual" | "collective"
    gender: str  # "male" | "female" | ""
    position_unit: str  # "Điều dưỡng, Khoa Nội – Bệnh viện X" or the collective's parent
    award_name: str
    amount: int = 0  # đồng, 0 when no money goes with the award

    @property
    def is_collective(self) -> bool:
        return self.kind == "collective"


@dataclass(frozen=True, kw_only=True)
class DecisionDoc:
    """A commendation decision (Quyết định), also used for corrections and revocations."""

    letterhead: Letterhead
    number: int | None  # None leaves the number blank to fill by hand
    date: datetime.date
    subject: str
    authority_line: str
    grounds: list[str]
    proposer: str
    award_name: str
    recipients: list[Recipient]
    type_code: str = "QĐ"
    refers_to: str = ""  # "sửa đổi Quyết định số 05/QĐ-CĐYT ngày 05/01/2026" or ""
    revocation: bool = False
    receivers: list[str] = field(default_factory=list)
    # The authority in running text ("Ban Chấp hành Công đoàn ngành Y tế Hà Nội"), for the line under
    # the attached list's title; the upper-case authority_line is used when it is left empty.
    authority_name: str = ""


@dataclass(frozen=True, kw_only=True)
class SubmissionDoc:
    """A submission (Tờ trình) asking a higher level for awards."""

    letterhead: Letterhead
    number: int | None
    date: datetime.date
    subject: str
    to: str
    grounds: list[str]
    body: str
    recipients: list[Recipient]
    receivers: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class BallotLine:
    """Vote result for one candidate at a council meeting."""

    index: int
    name: str
    award_name: str
    votes_for: int
    votes_cast: int
    passed: bool


@dataclass(frozen=True, kw_only=True)
class MinutesDoc:
    """Minutes (Biên bản) of an emulation and commendation council meeting."""

    letterhead: Letterhead
    number: int | None
    date: datetime.date
    subject: str
    started_at: datetime.datetime
    ended_at: datetime.datetime
    place: str
    chair: str
    secretary: str
    members_total: int
    present: list[str]
    absent: list[str]
    agenda: str
    results: list[BallotLine]
    conclusion: str
