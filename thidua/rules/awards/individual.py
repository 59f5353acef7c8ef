"""Individual emulation titles: Lao động tiên tiến, Chiến sĩ thi đua cơ sở, cấp bộ/tỉnh, toàn quốc."""
from __future__ import annotations

from datetime import date

from thidua.rules.engine import (
    PROPOSAL,
    Context,
    absence_criterion,
    any_of,
    council,
    criterion,
    discipline_criterion,
    months_criterion,
    rating_criterion,
    rule,
)
from thidua.rules.model import MISSING, SCOPE_NAMES, rating_at_least

LDTT, CSTDCS, CSTD_TINH, CSTDTQ = "lao_dong_tien_tien", "chien_si_thi_dua_co_so", "chien_si_thi_dua_tinh", "chien_si_thi_dua_toan_quoc"


def ldtt_criteria(ctx: Context, year: int) -> list:
    """The Lao động tiên tiến standard for one year, by the rules in force for it."""
    criteria = [
        rating_criterion(ctx, year, "ldtt.min_rating"),
        months_criterion(ctx, year, "ldtt.min_months"),
    ]
    for extra in (discipline_criterion(ctx, year, "ldtt.discipline_excludes_from"), absence_criterion(ctx, year, "ldtt.max_absent_days")):
        if extra is not None:
            criteria.append(extra)
    return criteria


@rule(LDTT, since=date(2014, 7, 1))
def lao_dong_tien_tien(ctx: Context) -> list:
    return ldtt_criteria(ctx, ctx.year) + [
        council("conduct", "Tự lực, đoàn kết, tích cực tham gia phong trào thi đua", ctx.p("ldtt.min_rating")),
    ]


def _ldtt_standard(ctx: Context) -> object:
    """The LĐTT standard as one criterion (its failures named), for the titles that build on it."""
    parts = ldtt_criteria(ctx, ctx.year)
    source = ctx.p("ldtt.min_rating")
    failed = [c for c in parts if c.met is False]
    if failed:
        return criterion("ldtt_standard", False, f"Chưa đạt tiêu chuẩn Lao động tiên tiến năm {ctx.year}: " + "; ".join(c.explanation for c in failed), source)
    unknown = [c for c in parts if c.met is None]
    if unknown:
        return criterion("ldtt_standard", None, f"Chưa đủ dữ liệu về tiêu chuẩn Lao động tiên tiến năm {ctx.year}: " + "; ".join(c.explanation for c in unknown), source)
    return criterion("ldtt_standard", True, f"Đạt tiêu chuẩn Lao động tiên tiến năm {ctx.year}", source)


def _excellent(ctx: Context) -> object:
    level = ctx.p("cstdcs.excellent_rating")
    rating = ctx.subject.year(ctx.year).rating
    if rating is MISSING or rating is None:
        return criterion("excellent", None, f"Chưa có kết quả xếp loại năm {ctx.year}", level)
    ok = rating_at_least(rating, level.value)
    return criterion("excellent", ok, f"Hoàn thành xuất sắc nhiệm vụ năm {ctx.year}" if ok else f"Năm {ctx.year} không được xếp loại hoàn thành xuất sắc nhiệm vụ", level)


def _initiative(ctx: Context, years, scope_param: str, id: str = "initiative") -> object:
    scope = ctx.p(scope_param)
    met, found = ctx.achievements(years, floor=scope.value)
    where = SCOPE_NAMES[scope.value]
    span = f"năm {years[0]}" if len(years) == 1 else f"các năm {min(years)}–{max(years)}"
    if met:
        return criterion(id, True, "Có " + "; ".join(found), scope)
    if met is None:
        return criterion(id, None, f"Chưa có dữ liệu về sáng kiến, đề tài {span}", scope)
    return criterion(id, False, f"Không có sáng kiến hoặc đề tài được công nhận {where} trở lên trong {span}", scope)


@rule(CSTDCS, since=date(2014, 7, 1))
def chien_si_thi_dua_co_so(ctx: Context) -> list:
    """LĐTT standard and, before 2024, an initiative or accepted topic; from 2024 HTXSNV suffices too."""
    suffices = ctx.p("cstdcs.excellent_rating_suffices")
    routes = [_initiative(ctx, [ctx.year], "cstdcs.initiative_scope")]
    if suffices.value:
        routes.insert(0, _excellent(ctx))
    achievement = any_of(
        "excellent_or_initiative", routes, citation=suffices,
        none_text=(f"Năm {ctx.year} không hoàn thành xuất sắc nhiệm vụ và không có sáng kiến, đề tài được công nhận."
                   if suffices.value else f"Năm {ctx.year} không có sáng kiến hoặc đề tài được công nhận, nghiệm thu (hoàn thành xuất sắc nhiệm vụ thôi chưa đủ theo quy định lúc đó)."),
    )
    return [_ldtt_standard(ctx), achievement]


@rule(CSTD_TINH, since=date(2014, 7, 1), judged_at=PROPOSAL)
def chien_si_thi_dua_tinh(ctx: Context) -> list:
    """Three consecutive CSTĐCS up to the year judged, and (from 10/2017) an initiative or topic with province-wide effect."""
    length = ctx.p("cstd_tinh.chain")
    met, years = ctx.chain(CSTDCS, length.value)
    span = list(range(ctx.year - length.value + 1, ctx.year + 1))
    if met:
        chain = criterion("cstdcs_chain", True, f"Đạt Chiến sĩ thi đua cơ sở {length.value} năm liên tục {span[0]}–{span[-1]}", length)
    elif met is False:
        chain = criterion("cstdcs_chain", False, f"Không đạt Chiến sĩ thi đua cơ sở các năm {', '.join(map(str, sorted(years)))}: chưa đủ {length.value} năm liên tục {span[0]}–{span[-1]}", length)
    else:
        chain = criterion("cstdcs_chain", None, f"Chưa có dữ liệu danh hiệu các năm {', '.join(map(str, sorted(years)))}", length)
    criteria = [chain]
    scope = ctx.p("cstd_tinh.achievement_scope")
    if scope.value is not None:
        criteria.append(_initiative(ctx, span, "cstd_tinh.achievement_scope", "achievement_scope"))
    criteria.append(council("outstanding", "Có thành tích tiêu biểu xuất sắc trong số những người đạt danh hiệu", length))
    return criteria


@rule(CSTDTQ, since=date(2014, 7, 1), judged_at=PROPOSAL)
def chien_si_thi_dua_toan_quoc(ctx: Context) -> list:
    """Two consecutive CSTĐ cấp bộ/tỉnh (each closing a chain of CSTĐCS years) and a nationwide initiative or topic."""
    times = ctx.p("cstdtq.chain")
    step = ctx.p("cstd_tinh.chain").value
    met, years = ctx.chain(CSTD_TINH, times.value, step=step)
    wanted = [ctx.year - i * step for i in range(times.value)]
    if met:
        chain = criterion("cstd_tinh_chain", True, f"Đạt Chiến sĩ thi đua cấp bộ, tỉnh {times.value} lần liên tục (các năm {', '.join(map(str, sorted(wanted)))})", times)
    elif met is False:
        chain = criterion("cstd_tinh_chain", False, f"Không đạt Chiến sĩ thi đua cấp bộ, tỉnh năm {', '.join(map(str, sorted(years)))}: chưa đủ {times.value} lần liên tục", times)
    else:
        chain = criterion("cstd_tinh_chain", None, f"Chưa có dữ liệu danh hiệu Chiến sĩ thi đua cấp bộ, tỉnh các năm {', '.join(map(str, sorted(years)))}", times)
    span = list(range(min(wanted) - step + 1, ctx.year + 1))
    return [
        chain,
        _initiative(ctx, span, "cstdtq.achievement_scope", "achievement_scope"),
        council("outstanding", "Có thành tích tiêu biểu xuất sắc nhất trong số những người đạt danh hiệu", times),
    ]
