"""The trade union's own awards: Bằng khen of the confederation, of a provincial federation and of a central
sector union; the confederation's theme award "Giỏi việc nước, Đảm việc nhà"; Cờ thi đua of the
confederation and of a provincial federation / central sector union.

Only what LEGAL_RULES.md states is checked: the Cờ thi đua of a provincial federation / central sector union
needs the year's HTXSNV recognised by that level (QĐ 1564/QĐ-TLĐ Đ.11), and one deciding level may not give
both a comprehensive and a thematic award to one subject in one year (HD 1217/HD-TLĐ 2016 §1.1). The
detailed criteria of every regulation that was not reached are listed for the council, never blocking, with
the regulation in force as citation; the theme award's quotas are checked over the whole list of proposals
by `thidua.rules.quotas`.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from thidua.rules.catalogue import award_get
from thidua.rules.engine import Context, council, criterion, rating_name, rule
from thidua.rules.model import MISSING, CriterionResult, rating_at_least

BK_TLD = "bang_khen_tong_lien_doan"
BK_LDLD = "bang_khen_ldld_tinh"
BK_CDN = "bang_khen_cong_doan_nganh_trung_uong"
GVN_DVN = "gioi_viec_nuoc_dam_viec_nha"
CO_TLD = "co_thi_dua_tong_lien_doan"
CO_LDLD = "co_thi_dua_ldld_tinh"

QD_1564 = date(2014, 12, 24)  # the first union regulation the system knows
QD_2106 = date(2017, 12, 28)  # the first with the theme award in the data


def _regulation(ctx: Context):
    return ctx.p("union.regulation")


def detailed_criteria(ctx: Context, text: str) -> CriterionResult:
    """The regulation's own detailed criteria, not reached: named for the council with the regulation as source."""
    regulation = _regulation(ctx)
    item = council("detailed_criteria", f"{text} theo {regulation.value} (nội dung tiêu chuẩn chi tiết chưa được đối chiếu nên hệ thống chưa kiểm tra)", regulation)
    # The regulation's number and date may be certain; what it says on this point is not.
    return replace(item, confidence="U")


def _held_in_year(ctx: Context, codes: list[str], year: int) -> tuple[bool | None, list[str]]:
    """Which of `codes` the subject already received for `year` (listed titles and awards only: qualifying
    for an award is not having received it). None when neither list was given."""
    record = ctx.subject.year(year)
    titles = record.titles
    awards = ctx.subject.awards
    if titles is MISSING and awards is MISSING:
        return None, []
    held = []
    for code in codes:
        if titles is not MISSING and code in titles:
            held.append(code)
        elif awards is not MISSING and any(a.award == code and a.year == year for a in awards):
            held.append(code)
    return bool(held), held


def same_level_exclusive(ctx: Context) -> CriterionResult | None:
    """Comprehensive vs thematic, one deciding level, one year (HD 1217/HD-TLĐ 2016 §1.1)."""
    groups = ctx.p_or_none("union.exclusive_same_level")
    if groups is None:
        return None
    code, year = ctx.award.code, ctx.year
    for group in groups.value:
        if code in group["comprehensive"]:
            mine, other, other_kind = "toàn diện", list(group["thematic"]), "chuyên đề"
        elif code in group["thematic"]:
            mine, other, other_kind = "chuyên đề", list(group["comprehensive"]), "toàn diện"
        else:
            continue
        level = group["level"]
        rule_text = ("trong một năm, cùng một cấp quyết định, đã khen thưởng toàn diện thì không khen thưởng chuyên đề và ngược lại "
                     "(trừ khen thưởng khi sơ kết, tổng kết chuyên đề theo đợt, theo giai đoạn và khen thưởng đột xuất)")
        if not other:
            return council("same_level_exclusive", f"Năm {year} chưa nhận khen thưởng {other_kind} của {level} "
                           f"(danh mục chưa có hình thức khen thưởng {other_kind} nào của cấp này để đối chiếu): {rule_text}", groups)
        met, held = _held_in_year(ctx, other, year)
        if met is None:
            return criterion("same_level_exclusive", None, f"Chưa có danh sách danh hiệu, hình thức khen thưởng đã nhận năm {year} "
                             f"để đối chiếu với khen thưởng {other_kind} của {level}.", groups)
        if met:
            names = ", ".join(f"«{award_get(h).name}»" for h in held)
            return criterion("same_level_exclusive", False, f"Năm {year} đã được tặng {names} (khen thưởng {other_kind} của {level}) "
                             f"nên không được khen thưởng {mine} của cùng cấp trong năm đó: {rule_text}.", groups)
        return criterion("same_level_exclusive", True, f"Năm {year} chưa nhận khen thưởng {other_kind} nào của {level}.", groups)
    return None


def _with(*items) -> list:
    return [c for c in items if c is not None]


# --- Bằng khen (comprehensive) of the three levels ------------------------------------------------------


def _bang_khen(ctx: Context) -> list:
    return _with(
        same_level_exclusive(ctx),
        detailed_criteria(ctx, f"Đạt tiêu chuẩn «{ctx.award.name}» năm {ctx.year}"),
    )


@rule(BK_TLD, since=QD_1564)
def bang_khen_tong_lien_doan(ctx: Context) -> list:
    return _bang_khen(ctx)


@rule(BK_LDLD, since=QD_1564)
def bang_khen_ldld_tinh(ctx: Context) -> list:
    return _bang_khen(ctx)


@rule(BK_CDN, since=QD_1564)
def bang_khen_cong_doan_nganh_trung_uong(ctx: Context) -> list:
    return _bang_khen(ctx)


# --- the confederation's theme award ----------------------------------------------------------------------


@rule(GVN_DVN, since=QD_2106)
def gioi_viec_nuoc_dam_viec_nha(ctx: Context) -> list:
    subjects = ctx.p("union.theme.collective_subjects")
    per_proposer, national = ctx.p("quota.theme.per_proposer"), ctx.p("quota.theme.national")
    items = [same_level_exclusive(ctx)]
    if ctx.subject.kind == "collective":
        items.append(council("collective_subject", f"Tập thể được đề nghị là {' hoặc '.join(subjects.value)}", subjects))
    items += [
        council("theme_criteria", f"Đạt tiêu chuẩn chuyên đề «Giỏi việc nước, Đảm việc nhà» năm {ctx.year} theo hướng dẫn riêng "
                f"của Đoàn Chủ tịch Tổng Liên đoàn (chưa đối chiếu)", subjects),
        council("theme_quota", f"Nằm trong số tối đa {per_proposer.value} đề nghị của mỗi Liên đoàn Lao động tỉnh, thành phố, "
                f"Công đoàn ngành Trung ương và {national.value} Bằng khen toàn quốc cho chuyên đề năm {ctx.year} "
                f"(kiểm tra trên cả danh sách đề nghị)", per_proposer),
    ]
    return _with(*items)


# --- Cờ thi đua -------------------------------------------------------------------------------------------


@rule(CO_TLD, since=QD_1564)
def co_thi_dua_tong_lien_doan(ctx: Context) -> list:
    return [detailed_criteria(ctx, f"Là tập thể đạt tiêu chuẩn «{ctx.award.name}» năm {ctx.year}")]


@rule(CO_LDLD, since=QD_1564)
def co_thi_dua_ldld_tinh(ctx: Context) -> list:
    """A CĐCS or an immediate upper-level union recognised HTXSNV by the provincial federation / central sector
    union, with outstanding results in the movement that level launched (QĐ 1564/QĐ-TLĐ Đ.11)."""
    floor = ctx.p("union.co_thi_dua_ldld.min_rating")
    rating = ctx.subject.year(ctx.year).rating
    by = "Liên đoàn Lao động tỉnh, thành phố hoặc Công đoàn ngành Trung ương"
    if rating is MISSING or rating is None:
        rated = criterion("rating", None, f"Chưa có kết quả đánh giá, xếp loại năm {ctx.year} do {by} công nhận.", floor)
    else:
        ok = rating_at_least(rating, floor.value)
        rated = criterion("rating", ok, f"Năm {ctx.year} được {by} công nhận {rating_name(rating)}." if ok else
                          f"Năm {ctx.year} được xếp loại {rating_name(rating)}, chưa đạt mức «{rating_name(floor.value)}» "
                          f"do {by} công nhận.", floor)
    items = [
        rated,
        council("collective_level", "Tập thể được xét là công đoàn cơ sở hoặc công đoàn cấp trên trực tiếp cơ sở", floor),
        council("outstanding_in_movement", f"Có thành tích xuất sắc trong phong trào thi đua do {by} tổ chức phát động năm {ctx.year}", floor),
    ]
    if floor.citation.confidence != "V":  # the article read is QĐ 1564's; later regulations not reached
        items.append(detailed_criteria(ctx, f"Các tiêu chuẩn khác của «{ctx.award.name}» năm {ctx.year}"))
    return items
