"""Forms of commendation and the physician titles.

Giấy khen (yearly, by the rules in force for the year), Bằng khen Bộ, ban, ngành, tỉnh and Bằng khen
của Thủ tướng Chính phủ (they look back over several years: judged at the proposal date, by the
criteria then in force, earlier years counting where they meet them), Thầy thuốc ưu tú and Thầy thuốc
nhân dân (judged at the proposal date, from the years of service and the science tasks).

Only what the law names is required: a prior award where an article names one (Bằng khen Thủ tướng
← Bằng khen Bộ/tỉnh; Thầy thuốc nhân dân ← Thầy thuốc ưu tú). Conduct and "outstanding" criteria,
and the grounds the engine does not judge (đột xuất, chuyên đề), are listed for the council.
"""
from __future__ import annotations

import unicodedata
from datetime import date

from thidua.rules.catalogue import catalogue
from thidua.rules.engine import PROPOSAL, Context, council, criterion, rating_criterion, rating_name, rule
from thidua.rules.model import MISSING, SCOPE_NAMES, CriterionResult, rating_at_least, scope_at_least
from thidua.rules.params import ParamValue

GIAY_KHEN, BK_TINH, BK_TTG = "giay_khen", "bang_khen_tinh", "bang_khen_thu_tuong"
TTUT, TTND = "thay_thuoc_uu_tu", "thay_thuoc_nhan_dan"
CSTDCS = "chien_si_thi_dua_co_so"

# Science tasks: the level a task was approved at, and the result of its acceptance (nghiệm thu).
TASK_LEVELS = {"co_so": 0, "tinh": 1, "bo": 1, "bo_tinh": 1, "nganh": 1, "toan_quoc": 2, "quoc_gia": 2, "nha_nuoc": 2}
TASK_LEVEL_NAMES = {0: "cấp cơ sở", 1: "cấp bộ, tỉnh", 2: "cấp quốc gia"}
TASK_RESULTS = ("khong_dat", "dat", "kha", "tot", "xuat_sac")  # worst first
TASK_RESULT_NAMES = {"khong_dat": "không đạt", "dat": "đạt", "kha": "khá", "tot": "tốt", "xuat_sac": "xuất sắc"}


# --- small helpers ----------------------------------------------------------------------------------


def _sentence(text: str) -> str:
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith(".") else text + "."


def _span(years: list[int]) -> str:
    return f"năm {years[0]}" if len(years) == 1 else f"{len(years)} năm liên tục {years[0]}–{years[-1]}"


def _window(ctx: Context, length: int) -> list[int]:
    """The `length` years ending with the year judged, oldest first."""
    return list(range(ctx.year - length + 1, ctx.year + 1))


def _award_name(code: str) -> str:
    award = catalogue().get(code)
    return award.name if award else code


def _held_title(ctx: Context, code: str, year: int) -> bool | None:
    """Did the subject hold `code` for `year`? A past year with no list of titles is unknown (not "no");
    for the year judged a title not yet conferred counts when the subject qualifies for it now."""
    record = ctx.subject.year(year)
    if record.titles is not MISSING and code in record.titles:
        return True
    if ctx.subject.awards is not MISSING and any(a.award == code and a.year == year for a in ctx.subject.awards):
        return True
    if year == ctx.year:
        return ctx.holds(code, year)
    return None if record.titles is MISSING else False


def _rating_run(ctx: Context, years: list[int], floor: str) -> tuple[bool | None, str]:
    """Every year of `years` rated `floor` or better: a year below breaks the chain."""
    below, missing = [], []
    for year in years:
        rating = ctx.subject.year(year).rating
        if rating is MISSING or rating is None:
            missing.append(year)
        elif not rating_at_least(rating, floor):
            below.append(f"năm {year} ({rating_name(rating)})")
    wanted = f"«{rating_name(floor)}» trở lên" if floor != "HTXSNV" else f"«{rating_name(floor)}»"
    if below:
        return False, (f"{', '.join(below)} được xếp loại dưới mức {wanted}, nên không có "
                       f"{_span(years)} đạt mức này")
    if missing:
        return None, f"chưa có kết quả xếp loại {', '.join(f'năm {y}' for y in missing)}"
    return True, f"được xếp loại {wanted} {_span(years)}"


def _count_achievements(ctx: Context, years: list[int], kind: str, floor: str) -> tuple[int, list[int], list[str]]:
    """Initiatives (or accepted topics) recognised at `floor` scope or wider: (count, years unknown, labels)."""
    count, unknown, labels = 0, [], []
    for year in years:
        items = getattr(ctx.subject.year(year), kind)
        if items is MISSING:
            unknown.append(year)
            continue
        for item in items or ():
            if item.scope is None:
                unknown.append(year)
                continue
            if kind == "topics" and item.accepted is not True:
                continue
            if scope_at_least(item.scope, floor):
                count += 1
                labels.append(f"{SCOPE_NAMES[item.scope]} năm {year}")
    return count, sorted(set(unknown)), labels


def _title_count(ctx: Context, code: str, years: list[int]) -> tuple[list[int], list[int], list[int]]:
    """Years in which `code` was held, was not, and is unknown."""
    held, not_held, unknown = [], [], []
    for year in years:
        state = _held_title(ctx, code, year)
        (held if state is True else not_held if state is False else unknown).append(year)
    return held, not_held, unknown


def _one_of(id: str, options: list[CriterionResult], citation: ParamValue, *, note: str = "") -> CriterionResult:
    """One of several routes, with every route's reason spelled out when none is met."""
    met = [o for o in options if o.met is True]
    if met:  # cite the route that is met
        return CriterionResult(id, True, met[0].explanation, met[0].citation, met[0].confidence)
    reasons = " ".join(o.explanation for o in options) + (f" {note}" if note else "")
    if all(o.met is False for o in options):
        return criterion(id, False, f"Chưa đủ tiêu chuẩn. {reasons}", citation)
    return criterion(id, None, f"Chưa đủ dữ liệu để kết luận. {reasons}", citation)


def _collective_not_modelled(ctx: Context, source: ParamValue) -> list[CriterionResult]:
    """Collective criteria for the Bằng khen are not in the legal notes: say so rather than guess."""
    return [
        criterion("collective_criteria", None,
                  f"Tiêu chuẩn «{ctx.award.name}» đối với tập thể chưa được đối chiếu văn bản nên hệ thống chưa tự xét; "
                  "đề nghị Hội đồng thi đua – khen thưởng xem xét theo hồ sơ.", source, confidence="U"),
    ]


# --- Giấy khen --------------------------------------------------------------------------------------


@rule(GIAY_KHEN, since=date(2014, 7, 1))
def giay_khen(ctx: Context) -> list:
    """The yearly ground the engine can judge: the year's rating (good fulfilment of duties, U)."""
    floor = ctx.p("giay_khen.min_rating")
    return [
        rating_criterion(ctx, ctx.year, "giay_khen.min_rating"),
        council("other_grounds",
                "Các căn cứ khác để tặng Giấy khen (có thành tích được bình xét trong phong trào thi đua; lập được thành tích "
                "đột xuất) không xét theo kết quả xếp loại năm mà theo đợt khen thưởng chuyên đề hoặc đột xuất", floor),
    ]


# --- Bằng khen Bộ, ban, ngành, tỉnh ------------------------------------------------------------------


def _cstdcs_chain(ctx: Context, length: ParamValue) -> CriterionResult:
    years = _window(ctx, length.value)
    held, not_held, unknown = _title_count(ctx, CSTDCS, years)
    if len(held) == len(years):
        return criterion("cstdcs_chain", True, f"Đạt Chiến sĩ thi đua cơ sở {_span(years)}.", length)
    if not_held:
        return criterion("cstdcs_chain", False,
                         f"Không đạt Chiến sĩ thi đua cơ sở {', '.join(f'năm {y}' for y in not_held)}, nên không có "
                         f"{length.value} lần liên tục ({years[0]}–{years[-1]}).", length)
    return criterion("cstdcs_chain", None, f"Chưa có dữ liệu danh hiệu Chiến sĩ thi đua cơ sở {', '.join(f'năm {y}' for y in unknown)}.", length)


def _excellent_with_initiatives(ctx: Context) -> CriterionResult:
    length = ctx.p("bang_khen_tinh.excellent_years")
    floor = ctx.p("bang_khen_tinh.excellent_rating")
    need = ctx.p("bang_khen_tinh.initiatives")
    scope = ctx.p("bang_khen_tinh.initiative_scope")
    years = _window(ctx, length.value)
    run, run_text = _rating_run(ctx, years, floor.value)
    where = f"{SCOPE_NAMES[scope.value]} trở lên"
    initiatives, unknown_i, labels_i = _count_achievements(ctx, years, "initiatives", scope.value)
    topics, unknown_t, labels_t = _count_achievements(ctx, years, "topics", scope.value)
    if initiatives >= need.value:
        achieved, text = True, f"có {initiatives} sáng kiến được công nhận {where} trong thời gian đó ({'; '.join(labels_i)})"
    elif topics >= need.value:
        achieved, text = True, f"có {topics} đề tài, đề án khoa học được nghiệm thu {where} trong thời gian đó ({'; '.join(labels_t)})"
    elif unknown_i or unknown_t:
        missing = sorted(set(unknown_i) | set(unknown_t))
        achieved, text = None, (f"mới xác định được {initiatives} sáng kiến và {topics} đề tài {where}, còn thiếu dữ liệu "
                                f"sáng kiến, đề tài {', '.join(f'năm {y}' for y in missing)} (yêu cầu {need.value} sáng kiến hoặc {need.value} đề tài)")
    else:
        achieved, text = False, (f"trong thời gian đó chỉ có {initiatives} sáng kiến và {topics} đề tài được công nhận {where}, "
                                 f"yêu cầu {need.value} sáng kiến hoặc {need.value} đề tài")
    met = False if False in (run, achieved) else None if None in (run, achieved) else True
    return criterion("excellent_initiatives", met, _sentence(f"{run_text}; {text}"), length)


@rule(BK_TINH, since=date(2014, 7, 1), judged_at=PROPOSAL)
def bang_khen_tinh(ctx: Context) -> list:
    """2 consecutive CSTĐCS (from 2024), or 2 consecutive years HTXSNV with 2 initiatives (or topics) at cơ sở scope."""
    length = ctx.p("bang_khen_tinh.excellent_years")
    if ctx.subject.kind == "collective":
        return _collective_not_modelled(ctx, length)
    chain = ctx.p("bang_khen_tinh.cstdcs_chain")
    options = []
    note = ""
    if chain.value:
        options.append(_cstdcs_chain(ctx, chain))
    else:
        note = ("Theo quy định áp dụng vào ngày đề nghị, đạt Chiến sĩ thi đua cơ sở liên tục chưa là căn cứ riêng "
                "để tặng Bằng khen (căn cứ này có từ Luật Thi đua, khen thưởng 2022).")
    options.append(_excellent_with_initiatives(ctx))
    return [
        _one_of("record", options, length, note=note),
        council("other_grounds",
                "Các căn cứ khác để tặng Bằng khen (thành tích xuất sắc được bình xét trong phong trào thi đua; "
                "thành tích có phạm vi ảnh hưởng trong bộ, ngành, tỉnh; thành tích đột xuất) được xét theo hồ sơ riêng", length),
    ]


# --- Bằng khen của Thủ tướng Chính phủ -------------------------------------------------------------


def _prior_bang_khen(ctx: Context, years: list[int]) -> CriterionResult:
    main = ctx.p("bang_khen_thu_tuong.prior_award")
    equivalents = ctx.p("bang_khen_thu_tuong.prior_award_equivalents")
    after = ctx.p("bang_khen_thu_tuong.years_after_prior")
    codes = [main.value] + list(equivalents.value or ())
    held = []
    if ctx.subject.awards is not MISSING:
        held += [(a.award, a.year) for a in ctx.subject.awards if a.award in codes]
    for year, record in ctx.subject.years.items():
        if record.titles is not MISSING:
            held += [(code, year) for code in record.titles if code in codes]
    held = [(c, y) for c, y in held if y <= ctx.on.year]  # received by the proposal date
    latest = years[0] - 1 if after.value else ctx.on.year
    before = sorted((y, c) for c, y in held if y <= latest)
    if before:
        year, code = before[-1]
        text = f"Đã được tặng {_award_name(code)} năm {year}"
        if after.value:
            text += f", trước chuỗi {_span(years)}"
        return criterion("prior_bang_khen", True, text + ".", main if code == main.value else equivalents)
    if held:  # only inside the chain, where the rules then in force wanted it before
        year, code = sorted((y, c) for c, y in held)[0]
        return criterion("prior_bang_khen", False,
                         f"{_award_name(code)} được tặng năm {year}, nằm trong {_span(years)}: theo quy định áp dụng, "
                         f"chuỗi năm liên tục phải tính tiếp sau năm được tặng Bằng khen.", after)
    if ctx.subject.awards is MISSING:
        return criterion("prior_bang_khen", None,
                         f"Chưa có thông tin về các hình thức khen thưởng đã được tặng (cần đã có {_award_name(main.value)}).", main)
    return criterion("prior_bang_khen", False, f"Chưa được tặng {_award_name(main.value)}: đây là điều kiện bắt buộc.", main)


def _rating_years(ctx: Context, years: list[int], floor: ParamValue, length: ParamValue) -> CriterionResult:
    met, text = _rating_run(ctx, years, floor.value)
    if met is True:
        text = f"{text} tính đến năm được xét (yêu cầu tối thiểu {length.value} năm)"
    return criterion("rating_years", met, _sentence(text), floor)


@rule(BK_TTG, since=date(2014, 7, 1), judged_at=PROPOSAL)
def bang_khen_thu_tuong_2014(ctx: Context) -> list:
    """NĐ 65/2014 Đ.23.1.c, NĐ 91/2017 Đ.38.1.c: a prior Bằng khen, then 5 consecutive years HTXSNV with 5 initiatives."""
    length = ctx.p("bang_khen_thu_tuong.years")
    if ctx.subject.kind == "collective":
        return _collective_not_modelled(ctx, length)
    years = _window(ctx, length.value)
    need = ctx.p("bang_khen_thu_tuong.initiatives")
    scope = ctx.p("bang_khen_thu_tuong.initiative_scope")
    count, unknown, labels = _count_achievements(ctx, years, "initiatives", scope.value)
    initiatives = _at_least(
        "initiatives", count, need, unknown, could_reach=bool(unknown), years=years,
        what=f"sáng kiến được công nhận {SCOPE_NAMES[scope.value]} trở lên", found=f" ({'; '.join(labels)})" if labels else "",
    )
    return [
        _prior_bang_khen(ctx, years),
        _rating_years(ctx, years, ctx.p("bang_khen_thu_tuong.min_rating"), length),
        initiatives,
        _other_grounds_ttg(length),
    ]


@rule(BK_TTG, since=date(2024, 1, 1), judged_at=PROPOSAL)
def bang_khen_thu_tuong_2022(ctx: Context) -> list:
    """Luật 2022 Đ.73.1.b: a prior Bằng khen, ≥ 5 consecutive years HTTNV or better up to the proposal, 3 CSTĐCS in them."""
    length = ctx.p("bang_khen_thu_tuong.years")
    if ctx.subject.kind == "collective":
        return _collective_not_modelled(ctx, length)
    years = _window(ctx, length.value)
    need = ctx.p("bang_khen_thu_tuong.cstdcs")
    held, _not_held, unknown = _title_count(ctx, CSTDCS, years)
    cstdcs = _at_least(
        "cstdcs_count", len(held), need, unknown, could_reach=len(held) + len(unknown) >= need.value, years=years,
        what="lần đạt Chiến sĩ thi đua cơ sở", found=f" ({', '.join(map(str, held))})" if held else "",
    )
    return [
        _prior_bang_khen(ctx, years),
        _rating_years(ctx, years, ctx.p("bang_khen_thu_tuong.min_rating"), length),
        cstdcs,
        _other_grounds_ttg(length),
    ]


def _at_least(id: str, count: int, need: ParamValue, unknown_years, *, could_reach: bool, years, what: str, found: str) -> CriterionResult:
    """`count` of `what` in the chain of `years` against a minimum: met, short, or undecided while
    years without data could still make up the difference."""
    if count >= need.value:
        return criterion(id, True, f"Có {count} {what} trong {_span(years)}{found}, yêu cầu tối thiểu {need.value}.", need)
    if could_reach:
        return criterion(id, None, f"Mới xác định được {count} {what}{found} (yêu cầu {need.value}); "
                         f"chưa có dữ liệu {', '.join(f'năm {y}' for y in unknown_years)}.", need)
    return criterion(id, False, f"Chỉ có {count} {what} trong {_span(years)}{found}, yêu cầu tối thiểu {need.value}.", need)


def _other_grounds_ttg(source: ParamValue) -> CriterionResult:
    return council("other_grounds",
                   "Các căn cứ khác để tặng Bằng khen của Thủ tướng Chính phủ (thành tích xuất sắc tiêu biểu trong phong trào thi đua; "
                   "nhiều thành tích hoặc thành tích đột xuất có phạm vi ảnh hưởng trong bộ, ngành, tỉnh; các trường hợp riêng của "
                   "công nhân, nông dân) được xét theo hồ sơ riêng", source)


# --- Thầy thuốc ưu tú, Thầy thuốc nhân dân ----------------------------------------------------------


def _service(ctx: Context, prefix: str) -> CriterionResult:
    """Years of direct professional work; a manager (cán bộ quản lý y tế) is judged by the manager clause."""
    direct_min = ctx.p(f"{prefix}.direct_years")
    sector_min = ctx.p(f"{prefix}.manager_sector_years")
    manager_direct_min = ctx.p(f"{prefix}.manager_direct_years")
    service = ctx.subject.service
    if service is MISSING or service is None:
        return criterion("service_years", None, "Chưa có dữ liệu về thời gian công tác trong ngành y tế.", direct_min)
    direct, sector, manager = service.direct_years, service.sector_years, service.manager

    if direct is MISSING:
        staff = (None, "chưa có số năm trực tiếp làm chuyên môn kỹ thuật trong ngành y tế")
    else:
        staff = (direct >= direct_min.value,
                 f"{direct} năm trực tiếp làm chuyên môn kỹ thuật trong ngành y tế, yêu cầu tối thiểu {direct_min.value} năm")

    parts, states = [], []
    if sector is MISSING:
        states.append(None)
        parts.append("chưa có số năm công tác trong ngành y tế")
    else:
        states.append(sector >= sector_min.value)
        parts.append(f"{sector} năm công tác trong ngành y tế (yêu cầu tối thiểu {sector_min.value} năm)")
    if direct is MISSING:
        states.append(None)
        parts.append("chưa có số năm trực tiếp làm chuyên môn kỹ thuật")
    else:
        states.append(direct >= manager_direct_min.value)
        parts.append(f"trong đó {direct} năm trực tiếp làm chuyên môn kỹ thuật (yêu cầu tối thiểu {manager_direct_min.value} năm)")
    boss = (False if False in states else None if None in states else True, ", ".join(parts))

    if manager is True:
        return criterion("service_years", boss[0], _sentence(f"Là cán bộ quản lý y tế: {boss[1]}"), sector_min)
    if manager is False:
        return criterion("service_years", staff[0], _sentence(staff[1]), direct_min)
    if staff[0] is not None and staff[0] == boss[0]:
        return criterion("service_years", staff[0], _sentence(f"{staff[1]}; nếu là cán bộ quản lý y tế: {boss[1]}"), direct_min)
    return criterion("service_years", None,
                     _sentence(f"Chưa rõ người được xét có phải cán bộ quản lý y tế hay không. Nếu không: {staff[1]}. "
                               f"Nếu có: {boss[1]}"), direct_min)


def _physician_council(ctx: Context, qualities: str) -> list[CriterionResult]:
    scope = ctx.p("thay_thuoc.scope")
    return [
        council("qualities", ctx.p(qualities).value, ctx.p(qualities)),
        council("scope", f"Thuộc đối tượng «thầy thuốc»: {scope.value}", scope),
    ]


@rule(TTUT, since=date(2015, 6, 20), judged_at=PROPOSAL)
def thay_thuoc_uu_tu(ctx: Context) -> list:
    """Years of direct professional work (managers: years in the sector, some of them direct); the rest for the council."""
    return [_service(ctx, "thay_thuoc_uu_tu")] + _physician_council(ctx, "thay_thuoc_uu_tu.qualities")


def _prior_uu_tu(ctx: Context) -> CriterionResult:
    prior = ctx.p("thay_thuoc_nhan_dan.prior_title")
    sources = [s for s in (ctx.subject.physician_titles, ctx.subject.awards) if s is not MISSING]
    years = sorted(a.year for s in sources for a in s if a.award == prior.value and a.year <= ctx.on.year)
    name = _award_name(prior.value)
    if years:
        return criterion("prior_uu_tu", True, f"Đã được phong tặng danh hiệu «{name}» năm {years[0]}.", prior)
    if ctx.subject.physician_titles is MISSING:
        return criterion("prior_uu_tu", None, f"Chưa có thông tin về danh hiệu «{name}» đã được phong tặng.", prior)
    return criterion("prior_uu_tu", False, f"Chưa được phong tặng danh hiệu «{name}»: đây là điều kiện bắt buộc.", prior)


def _plain(text: object) -> str:
    """«Không đạt» → khong_dat: results and levels as people type them."""
    raw = unicodedata.normalize("NFD", str(text).strip().lower().replace("đ", "d"))
    return "_".join("".join(ch for ch in raw if not unicodedata.combining(ch)).replace("-", " ").split())


def _task_passed(task, floor: str) -> bool | None:
    """Accepted with a result of `floor` or better. A task marked accepted with no result passed at "đạt"."""
    if task.accepted is False:
        return False
    result = _plain(task.result) if task.result is not None else None
    if result is None:
        return (floor == TASK_RESULTS[1]) if task.accepted is True else None
    if result not in TASK_RESULTS:
        return None
    return TASK_RESULTS.index(result) >= TASK_RESULTS.index(floor)


def _talent(ctx: Context) -> CriterionResult:
    """One talent criterion the engine can read: ≥ 1 science task at Bộ/tỉnh level accepted at "đạt" or better.
    The decree lists other talent criteria not in the legal notes, so a missing task leaves the question open."""
    need = ctx.p("thay_thuoc_nhan_dan.science_tasks_min")
    level = ctx.p("thay_thuoc_nhan_dan.science_task_level")
    floor = ctx.p("thay_thuoc_nhan_dan.science_task_min_result")
    wanted = TASK_LEVELS[level.value]
    where = f"{TASK_LEVEL_NAMES[wanted]} trở lên"
    grade = TASK_RESULT_NAMES[floor.value]
    others = ("Nghị định còn các tiêu chuẩn tài năng khác mà hệ thống chưa đối chiếu: đề nghị Hội đồng xem xét.")
    tasks = ctx.subject.science_tasks
    if tasks is MISSING:
        return criterion("talent", None, "Chưa có dữ liệu về nhiệm vụ khoa học và công nghệ đã chủ nhiệm.", need)
    passed, unclear = 0, 0
    for task in tasks:
        rank = TASK_LEVELS.get(_plain(task.level)) if task.level is not None else None
        if rank is None:
            unclear += 1
            continue
        if rank < wanted:
            continue
        state = _task_passed(task, floor.value)
        if state is True:
            passed += 1
        elif state is None:
            unclear += 1
    if passed >= need.value:
        return criterion("talent", True,
                         f"Đã chủ nhiệm {passed} nhiệm vụ khoa học và công nghệ {where} được nghiệm thu, xếp loại từ mức «{grade}» "
                         f"trở lên (yêu cầu tối thiểu {need.value}); hồ sơ cần xác nhận vai trò chủ nhiệm.", need)
    if unclear:
        return criterion("talent", None,
                         f"Có {passed} nhiệm vụ khoa học và công nghệ {where} được nghiệm thu ở mức «{grade}» trở lên "
                         f"(yêu cầu tối thiểu {need.value}); chưa rõ cấp hoặc kết quả nghiệm thu của {unclear} nhiệm vụ khác.", need)
    return criterion("talent", None,
                     f"Không có nhiệm vụ khoa học và công nghệ {where} nào được nghiệm thu ở mức «{grade}» trở lên "
                     f"(yêu cầu tối thiểu {need.value}). {others}", need)


@rule(TTND, since=date(2015, 6, 20), judged_at=PROPOSAL)
def thay_thuoc_nhan_dan(ctx: Context) -> list:
    """Already Thầy thuốc ưu tú; years of direct work (managers: more years in the sector); one talent criterion."""
    return [_prior_uu_tu(ctx), _service(ctx, "thay_thuoc_nhan_dan"), _talent(ctx)] + _physician_council(ctx, "thay_thuoc_nhan_dan.qualities")
