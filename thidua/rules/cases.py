"""Reading a case (contracts/rules-check.md) into a Situation, refusing bad input in Vietnamese."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from thidua.rules.catalogue import catalogue
from thidua.rules.model import (
    DISCIPLINES,
    MISSING,
    RATINGS,
    SCOPES,
    Achievement,
    AwardHeld,
    ScienceTask,
    Service,
    Situation,
    Subject,
    YearRecord,
)


class CaseError(ValueError):
    """The input is not a valid case; the message is Vietnamese and says what to fix."""


def _date(value: Any, where: str) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    try:
        return datetime.strptime(str(value), "%Y-%m-%d").date()
    except ValueError:
        raise CaseError(f"{where} «{value}» không phải ngày hợp lệ: hãy viết theo dạng YYYY-MM-DD.") from None


def _int(value: Any, where: str, *, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise CaseError(f"{where} «{value}» phải là một số nguyên từ {minimum} trở lên.")
    return value


def _choice(value: Any, allowed: tuple, where: str, *, nullable: bool = False) -> Any:
    if value is None and nullable:
        return None
    if value not in allowed:
        raise CaseError(f"{where} «{value}» không hợp lệ. Các giá trị được nhận: {', '.join(allowed)}.")
    return value


def _list(value: Any, where: str) -> list:
    if not isinstance(value, list):
        raise CaseError(f"{where} phải là một danh sách.")
    return value


def _award_code(value: Any, where: str) -> str:
    if not isinstance(value, str) or value not in catalogue():
        raise CaseError(f"{where}: mã danh hiệu, hình thức khen thưởng «{value}» không có trong danh mục (xem «thidua rules list»).")
    return value


def _achievements(raw: Any, where: str) -> tuple:
    items = []
    for i, item in enumerate(_list(raw, where)):
        if not isinstance(item, dict):
            raise CaseError(f"{where}[{i}] phải là một đối tượng có trường «scope».")
        scope = _choice(item.get("scope"), SCOPES, f"{where}[{i}].scope", nullable=True)
        accepted = item.get("accepted")
        if accepted is not None and not isinstance(accepted, bool):
            raise CaseError(f"{where}[{i}].accepted phải là true hoặc false.")
        items.append(Achievement(scope, accepted))
    return tuple(items)


def _year(raw: Any, where: str) -> YearRecord:
    if not isinstance(raw, dict):
        raise CaseError(f"{where} phải là một đối tượng.")
    values: dict[str, Any] = {}
    if "rating" in raw:
        values["rating"] = _choice(raw["rating"], RATINGS, f"{where}.rating", nullable=True)
    if "titles" in raw:
        values["titles"] = tuple(_award_code(t, f"{where}.titles") for t in _list(raw["titles"], f"{where}.titles"))
    for kind in ("initiatives", "topics"):
        if kind in raw:
            values[kind] = _achievements(raw[kind], f"{where}.{kind}")
    if "discipline" in raw:
        values["discipline"] = _choice(raw["discipline"], DISCIPLINES, f"{where}.discipline", nullable=True)
    for name in ("absent_days", "maternity_days", "months_at_unit", "members", "members_completed", "members_ldtt", "members_cstdcs"):
        if name in raw and raw[name] is not None:
            values[name] = _int(raw[name], f"{where}.{name}")
    if "registered" in raw and raw["registered"] is not None:
        if not isinstance(raw["registered"], bool):
            raise CaseError(f"{where}.registered phải là true hoặc false.")
        values["registered"] = raw["registered"]
    if "members_disciplined" in raw:
        values["members_disciplined"] = tuple(
            _choice(d, DISCIPLINES, f"{where}.members_disciplined") for d in _list(raw["members_disciplined"], f"{where}.members_disciplined")
        )
    return YearRecord(**values)


def _held(raw: Any, where: str) -> tuple:
    out = []
    for i, item in enumerate(_list(raw, where)):
        if not isinstance(item, dict):
            raise CaseError(f"{where}[{i}] phải có «award» và «year».")
        out.append(AwardHeld(_award_code(item.get("award"), f"{where}[{i}]"), _int(item.get("year"), f"{where}[{i}].year", minimum=1900)))
    return tuple(out)


def parse_subject(raw: Any) -> Subject:
    if not isinstance(raw, dict):
        raise CaseError("Thiếu «subject»: đối tượng được xét (cá nhân hoặc tập thể).")
    kind = _choice(raw.get("kind", "individual"), ("individual", "collective"), "subject.kind")
    years_raw = raw.get("years", {})
    if not isinstance(years_raw, dict):
        raise CaseError("subject.years phải là một đối tượng, mỗi khoá là một năm.")
    years = {}
    for key, value in years_raw.items():
        try:
            year = int(key)
        except (TypeError, ValueError):
            raise CaseError(f"subject.years: «{key}» không phải một năm.") from None
        years[year] = _year(value, f"subject.years.{key}")
    values: dict[str, Any] = {"kind": kind, "years": years}
    if raw.get("hired_on") is not None:
        values["hired_on"] = _date(raw["hired_on"], "subject.hired_on")
    for name in ("awards", "physician_titles"):
        if name in raw:
            values[name] = _held(raw[name] or [], f"subject.{name}")
    if isinstance(raw.get("service"), dict):
        s = raw["service"]
        values["service"] = Service(
            direct_years=_int(s["direct_years"], "subject.service.direct_years") if s.get("direct_years") is not None else MISSING,
            sector_years=_int(s["sector_years"], "subject.service.sector_years") if s.get("sector_years") is not None else MISSING,
            manager=bool(s["manager"]) if s.get("manager") is not None else MISSING,
        )
    if "science_tasks" in raw:
        values["science_tasks"] = tuple(
            ScienceTask(t.get("level"), t.get("accepted"), t.get("result")) for t in _list(raw["science_tasks"], "subject.science_tasks")
            if isinstance(t, dict)
        )
    if raw.get("profession") is not None:
        values["profession"] = str(raw["profession"])
    return Subject(**values)


def parse_case(raw: Any) -> Situation:
    """A case as contracts/rules-check.md gives it, checked field by field."""
    if not isinstance(raw, dict):
        raise CaseError("Hồ sơ xét phải là một đối tượng JSON.")
    award = _award_code(raw.get("award"), "award")
    year = _int(raw.get("year"), "year", minimum=1900)
    if year > 2100:
        raise CaseError(f"year «{year}» nằm ngoài khoảng hệ thống xét (1900–2100).")
    on = _date(raw["on"], "on") if raw.get("on") is not None else date(year + 1, 1, 15)
    return Situation(award=award, year=year, on=on, subject=parse_subject(raw.get("subject")))
