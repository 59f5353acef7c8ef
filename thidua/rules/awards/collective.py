"""Collective titles and emulation flags: Tập thể lao động tiên tiến, Tập thể lao động xuất sắc,
Cờ thi đua cấp Bộ, ban, ngành, tỉnh and Cờ thi đua của Chính phủ.

Each is a yearly title judged by the rules in force for the year judged. What the law changed
between periods (the discipline clause, the Cờ thi đua của Chính phủ being chosen among collectives
that meet the Cờ bộ/tỉnh standard under Nghị định 91/2017, the qualitative wording) is carried by
dated parameters in data/params/collective.yaml, so a correction is a dated value, not new code.
Qualitative criteria (unity, "outstanding among", new models, exceeding targets) are listed for the
council and never block.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date
from fractions import Fraction

from thidua.rules.catalogue import award_get
from thidua.rules.engine import Context, council, criterion, discipline_name, rating_criterion, rule
from thidua.rules.model import DISCIPLINES, MISSING, CriterionResult, Verdict, discipline_at_least

TTLDTT, TTLDXS = "tap_the_lao_dong_tien_tien", "tap_the_lao_dong_xuat_sac"
CO_TINH, CO_CP = "co_thi_dua_tinh", "co_thi_dua_chinh_phu"


# --- figures ------------------------------------------------------------------------------------


def _number(value: Fraction) -> str:
    """A percentage the Vietnamese way: 75, 58,3 (decimal comma)."""
    if value.denominator == 1:
        return str(value.numerator)
    return f"{float(value):.1f}".replace(".", ",")


def percent_text(part: int, whole: int, threshold) -> str:
    """`part/whole` as a percentage, never rounded onto the threshold it is compared with."""
    exact = Fraction(part * 100, whole)
    shown = _number(exact)
    if exact != threshold and round(float(exact), 1) == float(threshold):
        shown = ("gần " if exact < threshold else "hơn ") + shown
    return f"{shown} %"


def _count(value) -> int | None:
    return None if value is MISSING or value is None else int(value)


def share_criterion(ctx: Context, year: int, id: str, field: str, param: str, *, strict: bool, what: str) -> CriterionResult:
    """The share of members counted in `field` against the percentage `param` (above it when strict)."""
    threshold = ctx.p(param)
    record = ctx.subject.year(year)
    members, part = _count(record.members), _count(getattr(record, field))
    if members is None or part is None:
        missing = "số thành viên" if members is None else f"số thành viên {what}"
        return criterion(id, None, f"Chưa có {missing} của tập thể năm {year}.", threshold)
    if members == 0:
        return criterion(id, None, f"Tập thể không có thành viên nào được kê khai năm {year}.", threshold)
    if part > members:
        return criterion(id, None, f"Số liệu năm {year} không nhất quán: {part} thành viên {what} trong khi tập thể chỉ có {members} thành viên.", threshold)
    limit = Fraction(threshold.value)
    share = Fraction(part * 100, members)
    ok = share > limit if strict else share >= limit
    if limit == 100:
        wanted = "yêu cầu 100 %"
    else:
        wanted = f"yêu cầu {'trên' if strict else 'ít nhất'} {_number(limit)} %"
    return criterion(id, ok, f"Năm {year} có {part}/{members} thành viên ({percent_text(part, members, limit)}) {what}, {wanted}.", threshold)


def cstdcs_criterion(ctx: Context, year: int, param: str, id: str = "has_cstdcs") -> CriterionResult:
    minimum = ctx.p(param)
    record = ctx.subject.year(year)
    count, members = _count(record.members_cstdcs), _count(record.members)
    if count is None:
        return criterion(id, None, f"Chưa có số thành viên đạt Chiến sĩ thi đua cơ sở năm {year}.", minimum)
    if members is not None and count > members:
        return criterion(id, None, f"Số liệu năm {year} không nhất quán: {count} thành viên đạt Chiến sĩ thi đua cơ sở trong khi tập thể chỉ có {members} thành viên.", minimum)
    ok = count >= minimum.value
    have = f"có {count} thành viên" if count else "không có thành viên nào"
    return criterion(id, ok, f"Năm {year} {have} đạt Chiến sĩ thi đua cơ sở, yêu cầu ít nhất {minimum.value}.", minimum)


def _disciplines_text(levels) -> str:
    counts = Counter(levels)
    return ", ".join(f"{counts[code]} {discipline_name(code)}" for code in DISCIPLINES if counts[code])


def members_discipline_criterion(ctx: Context, year: int, param: str) -> CriterionResult | None:
    """No member disciplined at the parameter's level or heavier. Where the period's clause is not
    established (value null), any discipline of members is listed for the council instead."""
    floor = ctx.p(param)
    levels = ctx.subject.year(year).members_disciplined
    if floor.value is None:
        if levels is not MISSING and not levels:
            return None  # nobody disciplined: nothing for the council to weigh
        if levels is MISSING:
            facts = f"Chưa có thông tin kỷ luật của thành viên năm {year}"
        else:
            facts = f"Năm {year} có thành viên bị kỷ luật ({_disciplines_text(levels)})"
        return council("discipline_note", f"{facts}; quy định hiện hành chưa xác định còn điều kiện «không có cá nhân bị kỷ luật từ hình thức cảnh cáo trở lên» của luật cũ", floor)
    if levels is MISSING:
        return criterion("no_discipline", None, f"Chưa có thông tin kỷ luật của thành viên năm {year}.", floor)
    heavy = [level for level in levels if discipline_at_least(level, floor.value)]
    if heavy:
        return criterion("no_discipline", False, f"Năm {year} có {len(heavy)} thành viên bị kỷ luật từ hình thức {discipline_name(floor.value)} trở lên "
                         f"({_disciplines_text(heavy)}): tập thể không được xét.", floor)
    if levels:
        return criterion("no_discipline", True, f"Năm {year} có thành viên bị kỷ luật ({_disciplines_text(levels)}) nhưng không có ai từ hình thức {discipline_name(floor.value)} trở lên.", floor)
    return criterion("no_discipline", True, f"Năm {year} không có thành viên nào bị kỷ luật.", floor)


def standard_criteria(ctx: Context, param: str) -> list[CriterionResult]:
    """The qualitative criteria of the period's article, each listed for the council."""
    source = ctx.p(param)
    out = []
    for id, item in (source.value or {}).items():
        text, confidence = (item, None) if isinstance(item, str) else (item["text"], item.get("confidence"))
        listed = council(id, f"{text} (năm {ctx.year})", source)
        out.append(replace(listed, confidence=confidence) if confidence else listed)
    return out


def _clause(sentence: str) -> str:
    """The first sentence of an explanation, to be quoted after a colon."""
    first = sentence.split(". ")[0].rstrip(".")
    return first[:1].lower() + first[1:]


def title_criterion(ctx: Context, award: str, year: int, id: str, source, *, blocking: bool, note: str = "") -> CriterionResult:
    """Whether the collective holds (or, for the year judged, meets the standard of) `award` for `year`.
    Not blocking: shown with its finding, for the council only."""
    name = award_get(award).name
    record = ctx.subject.year(year)
    listed = (record.titles is not MISSING and award in record.titles) or (
        ctx.subject.awards is not MISSING and any(a.award == award and a.year == year for a in ctx.subject.awards))
    if listed:
        met, text = True, f"Đã được tặng «{name}» năm {year}."
    elif year == ctx.year:
        result = ctx.verdict_of(award, year)
        if result.verdict == Verdict.ELIGIBLE:
            met, text = True, f"Đạt tiêu chuẩn «{name}» năm {year} theo các tiêu chí có dữ liệu."
        elif result.verdict == Verdict.INELIGIBLE:
            why = "; ".join(_clause(c.explanation) for c in result.criteria if c.met is False and not c.for_council)
            met, text = False, f"Chưa đạt tiêu chuẩn «{name}» năm {year}: {why}."
        else:
            why = "; ".join(_clause(c.explanation) for c in result.criteria if c.met is None and not c.for_council)
            met, text = None, f"Chưa đủ dữ liệu để xác định tiêu chuẩn «{name}» năm {year}: {why}."
    elif record.titles is MISSING and ctx.subject.awards is MISSING:
        met, text = None, f"Chưa có dữ liệu danh hiệu của tập thể năm {year}."
    else:
        met, text = False, f"Không được tặng «{name}» năm {year}."
    if note:
        text = f"{text} {note}"
    result = criterion(id, met, text, source)
    return result if blocking else replace(result, for_council=True)


def exceeding_targets_rating(ctx: Context, param: str) -> CriterionResult:
    """The flags ask for exceeding the emulation targets and tasks; the data holds only the rating."""
    found = rating_criterion(ctx, ctx.year, param)
    if found.met is None:
        return found
    note = " Tiêu chuẩn «hoàn thành vượt mức các chỉ tiêu thi đua và nhiệm vụ được giao» được đối chiếu với mức xếp loại này; mức vượt chỉ tiêu do Hội đồng xác nhận."
    return replace(found, explanation=found.explanation + note)


# --- the titles ---------------------------------------------------------------------------------


@rule(TTLDTT, since=date(2014, 7, 1))
def tap_the_lao_dong_tien_tien(ctx: Context) -> list:
    """HTTNV; more than 50 % of members LĐTT; before 2024 nobody disciplined at cảnh cáo or heavier."""
    year = ctx.year
    criteria = [
        rating_criterion(ctx, year, "ttldtt.min_rating"),
        share_criterion(ctx, year, "ldtt_share", "members_ldtt", "ttldtt.ldtt_share_above", strict=True, what="đạt Lao động tiên tiến"),
        members_discipline_criterion(ctx, year, "ttldtt.discipline_excludes_from"),
    ]
    return [c for c in criteria if c is not None] + standard_criteria(ctx, "ttldtt.standard")


@rule(TTLDXS, since=date(2014, 7, 1))
def tap_the_lao_dong_xuat_sac(ctx: Context) -> list:
    """HTXSNV; 100 % of members complete their tasks and at least 70 % are LĐTT; at least one
    CSTĐCS; before 2024 nobody disciplined at cảnh cáo or heavier."""
    year = ctx.year
    criteria = [
        rating_criterion(ctx, year, "ttldxs.min_rating"),
        share_criterion(ctx, year, "all_completed", "members_completed", "ttldxs.completed_share_min", strict=False, what="hoàn thành nhiệm vụ"),
        share_criterion(ctx, year, "ldtt_share", "members_ldtt", "ttldxs.ldtt_share_min", strict=False, what="đạt Lao động tiên tiến"),
        cstdcs_criterion(ctx, year, "ttldxs.min_cstdcs"),
        members_discipline_criterion(ctx, year, "ttldxs.discipline_excludes_from"),
    ]
    return [c for c in criteria if c is not None] + standard_criteria(ctx, "ttldxs.standard")


@rule(CO_TINH, since=date(2014, 7, 1))
def co_thi_dua_tinh(ctx: Context) -> list:
    """Exceeding targets (rated HTXSNV); leading the Bộ/tỉnh movement, new models, unity for the
    council; usually chosen among Tập thể lao động xuất sắc (blocking only if the parameter says so)."""
    year = ctx.year
    required = ctx.p("co_thi_dua_tinh.ttldxs_required")
    note = "" if required.value else "(Cờ thi đua thường được lựa chọn trong số các tập thể này; quy định hiện có không coi là điều kiện bắt buộc, nêu để Hội đồng tham khảo.)"
    criteria = [
        exceeding_targets_rating(ctx, "co_thi_dua_tinh.min_rating"),
        title_criterion(ctx, TTLDXS, year, "ttldxs", required, blocking=bool(required.value), note=note),
    ] + standard_criteria(ctx, "co_thi_dua_tinh.standard")
    cluster = ctx.p("co_thi_dua_tinh.cluster_comparison")
    if cluster.value:
        criteria.append(council("cluster_comparison", f"{cluster.value} (năm {year})", cluster))
    return criteria


@rule(CO_CP, since=date(2014, 7, 1))
def co_thi_dua_chinh_phu(ctx: Context) -> list:
    """Exceeding targets (rated HTXSNV); from 10/2017 to 2023 chosen among collectives meeting the
    Cờ bộ/tỉnh standard (Nghị định 91/2017, Điều 11); from 2024 the cluster/block leader, for the council."""
    year = ctx.year
    criteria = [exceeding_targets_rating(ctx, "co_thi_dua_chinh_phu.min_rating")]
    required = ctx.p("co_thi_dua_chinh_phu.co_tinh_standard_required")
    if required.value:
        criteria.append(title_criterion(ctx, CO_TINH, year, "co_tinh_standard", required, blocking=True))
    return criteria + standard_criteria(ctx, "co_thi_dua_chinh_phu.standard")
