"""Writes about movements (phong trào thi đua): launch and edit, documents, peak campaigns,
responses and their results, models, contests with entries, judges and scores.

Launching, editing, campaigns, contests, judges, scores and recognising a model need the right to
manage emulation work (MANAGE_COMMENDATIONS) on the launching organisation; responding, reporting
results, registering a model and entering a contest need it on the responding unit, which the
movement must target. Every bad input is refused with a Vietnamese sentence before anything is
written; every write leaves an audit row in the same transaction. Attached files are kept in the
database with their record (docs/adr/0006-attached-files-in-the-database.md), so a write that is
rolled back leaves no file behind.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import models, transaction

from thidua.campaigns.files import Upload, read_upload
from thidua.campaigns.models import (
    Contest,
    ContestEntry,
    ContestScore,
    Movement,
    MovementDocument,
    MovementModel,
    MovementResponse,
    PeakCampaign,
    ResponsePlanFile,
    ResultReport,
    TargetMode,
)
from thidua.campaigns.selectors import is_targeted, vn_number
from thidua.core.audit import audit_record
from thidua.core.audit import snapshot as _snapshot
from thidua.core.errors import UserError
from thidua.core.models import AuditEntry
from thidua.core.permissions import Action, path_in_scope, require
from thidua.core.text import normalise
from thidua.organisations.models import Organisation, OrgKind
from thidua.people.models import Person

NAME_MAX = 300
TEXT_MAX = 20000
CRITERIA_MAX = 50
FIGURES_MAX = 50


def snapshot(obj) -> dict:
    """The audit snapshot, without an attached file's bytes (its name, type and size stay)."""
    binary = {f.attname for f in obj._meta.concrete_fields if isinstance(f, models.BinaryField)}
    return {k: v for k, v in _snapshot(obj).items() if k not in binary}


def _fmt(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _required_text(value, *, label: str, field: str, max_length: int = NAME_MAX) -> str:
    text = normalise(value or "")
    if not text:
        raise UserError(f"Hãy nhập {label}.", field=field)
    if len(text) > max_length:
        raise UserError(f"{label[:1].upper() + label[1:]} dài quá {max_length} ký tự: hãy viết ngắn lại.", field=field)
    return text


def _optional_text(value, *, label: str, field: str, max_length: int = TEXT_MAX) -> str:
    text = (value or "").strip()
    if len(text) > max_length:
        raise UserError(f"{label[:1].upper() + label[1:]} dài quá {max_length} ký tự: hãy viết ngắn lại.", field=field)
    return text


def _period(start: date | None, end: date | None, *, what: str) -> tuple[date, date]:
    if start is None:
        raise UserError(f"Hãy nhập ngày bắt đầu của {what} (dd/mm/yyyy).", field="start")
    if end is None:
        raise UserError(f"Hãy nhập ngày kết thúc của {what} (dd/mm/yyyy).", field="end")
    if end < start:
        raise UserError(f"Ngày kết thúc {_fmt(end)} sớm hơn ngày bắt đầu {_fmt(start)}: hãy sửa lại thời gian của {what}.",
                        field="end")
    return start, end


def _criteria(items) -> list[str]:
    cleaned = [normalise(str(item)) for item in (items or []) if normalise(str(item or ""))]
    if len(cleaned) > CRITERIA_MAX:
        raise UserError(f"Phong trào có nhiều nhất {CRITERIA_MAX} tiêu chí.", field="criteria")
    for item in cleaned:
        if len(item) > 1000:
            raise UserError("Mỗi tiêu chí dài tối đa 1.000 ký tự: hãy viết ngắn lại.", field="criteria")
    return cleaned


def _targets(launcher: Organisation, mode: str, targets) -> list[Organisation]:
    if mode not in TargetMode.values:
        raise UserError("Đối tượng hưởng ứng không hợp lệ: chọn toàn bộ các đơn vị trực thuộc, hoặc các đơn vị được chọn.",
                        field="target_mode")
    chosen = list({t.pk: t for t in (targets or [])}.values())
    if mode == TargetMode.SUBTREE:
        return []
    if not chosen:
        raise UserError("Hãy chọn ít nhất một đơn vị hưởng ứng, hoặc chọn toàn bộ các đơn vị trực thuộc.", field="targets")
    for unit in chosen:
        if unit.pk == launcher.pk or not unit.path.startswith(launcher.path):
            raise UserError(f"Đơn vị «{unit.name}» không trực thuộc {launcher.name}: chỉ chọn được các đơn vị trong "
                            "nhánh của đơn vị phát động.", field="targets")
        if unit.kind == OrgKind.PARTNER:
            raise UserError(f"«{unit.name}» là cơ quan phối hợp, không phải đơn vị hưởng ứng.", field="targets")
    return chosen


def _partners(actor, partners) -> list[Organisation]:
    chosen = list({p.pk: p for p in (partners or [])}.values())
    for partner in chosen:
        if partner.kind != OrgKind.PARTNER:
            raise UserError(f"«{partner.name}» không phải cơ quan phối hợp: hãy ghi tên cơ quan đồng phát động vào ô "
                            "«cơ quan đồng phát động khác».", field="partners")
        if not path_in_scope(actor, partner.path):
            raise UserError(f"Không tìm thấy cơ quan phối hợp «{partner.name}» trong phạm vi của bạn.", field="partners")
    return chosen


def _check_campaigns_inside(movement: Movement, start: date, end: date) -> None:
    outside = movement.campaigns.exclude(start__gte=start, end__lte=end).first() if movement.pk else None
    if outside is not None:
        raise UserError(
            f"Đợt thi đua «{outside.name}» ({_fmt(outside.start)} – {_fmt(outside.end)}) sẽ nằm ngoài thời gian mới của "
            "phong trào: hãy sửa đợt đó trước, hoặc chọn thời gian bao trùm nó.", field="start",
        )


def _save_document(*, actor, movement: Movement, file: Upload, title: str = "", reason: str = "") -> MovementDocument:
    document = MovementDocument.objects.create(
        movement=movement, title=normalise(title or file.name)[:255] or "Tài liệu", name=file.name,
        content_type=file.content_type, size=file.size, data=file.data,
    )
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=document, before=None, after=snapshot(document),
                 reason=reason, org_path=movement.organisation.path)
    return document


# --- Movements ----------------------------------------------------------------------------------------


@transaction.atomic
def movement_launch(
    *,
    actor,
    organisation: Organisation,
    name: str,
    start: date | None,
    end: date | None,
    launched_on: date,
    theme: str = "",
    target_mode: str = TargetMode.SUBTREE,
    targets: list[Organisation] | None = None,
    partners: list[Organisation] | None = None,
    co_issuers: str = "",
    criteria: list[str] | None = None,
    documents: list | None = None,
    reason: str = "",
) -> Movement:
    """An organisation (with partner bodies, perhaps) launches a movement for a period."""
    require(actor, Action.MANAGE_COMMENDATIONS, organisation)
    if organisation.kind == OrgKind.PARTNER:
        raise UserError(f"«{organisation.name}» là cơ quan phối hợp: hãy phát động từ một tổ chức công đoàn và chọn cơ quan "
                        "này là cơ quan phối hợp.", field="organisation")
    name = _required_text(name, label="tên phong trào", field="name")
    start, end = _period(start, end, what="phong trào")
    chosen = _targets(organisation, target_mode, targets)
    partner_list = _partners(actor, partners)
    criteria_list = _criteria(criteria)
    co_issuers = _optional_text(co_issuers, label="cơ quan đồng phát động khác", field="co_issuers", max_length=500)
    theme = _optional_text(theme, label="chủ đề, nội dung", field="theme")
    files = [read_upload(upload, field="documents", default_name="tai-lieu") for upload in documents or []]
    movement = Movement.objects.create(
        name=name, theme=theme, organisation=organisation, co_issuers=co_issuers, launched_on=launched_on,
        start=start, end=end, target_mode=target_mode, criteria=criteria_list,
    )
    movement.targets.set(chosen)
    movement.partners.set(partner_list)
    after = {**snapshot(movement), "targets": sorted(t.pk for t in chosen), "partners": sorted(p.pk for p in partner_list)}
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=movement, before=None, after=after, reason=reason,
                 org_path=organisation.path)
    for file in files:
        _save_document(actor=actor, movement=movement, file=file, reason=reason)
    return movement


_EDITABLE = ("name", "theme", "start", "end", "co_issuers", "criteria", "target_mode", "targets", "partners")


@transaction.atomic
def movement_update(*, actor, movement: Movement, reason: str = "", **changes) -> Movement:
    """Change some of a movement's fields; the others stay as they were."""
    require(actor, Action.MANAGE_COMMENDATIONS, movement.organisation)
    unknown = set(changes) - set(_EDITABLE)
    if unknown:
        raise UserError(f"Không thể sửa trường: {', '.join(sorted(unknown))}.")
    before = {**snapshot(movement), "targets": sorted(movement.targets.values_list("pk", flat=True)),
              "partners": sorted(movement.partners.values_list("pk", flat=True))}
    name = _required_text(changes.get("name", movement.name), label="tên phong trào", field="name")
    start, end = _period(changes.get("start", movement.start), changes.get("end", movement.end), what="phong trào")
    _check_campaigns_inside(movement, start, end)
    mode = changes.get("target_mode", movement.target_mode)
    chosen = _targets(movement.organisation, mode, changes.get("targets", list(movement.targets.all())))
    partner_list = _partners(actor, changes["partners"]) if "partners" in changes else list(movement.partners.all())
    movement.name, movement.start, movement.end, movement.target_mode = name, start, end, mode
    movement.theme = _optional_text(changes.get("theme", movement.theme), label="chủ đề, nội dung", field="theme")
    movement.co_issuers = _optional_text(changes.get("co_issuers", movement.co_issuers), label="cơ quan đồng phát động khác",
                                         field="co_issuers", max_length=500)
    movement.criteria = _criteria(changes.get("criteria", movement.criteria))
    movement.save()
    movement.targets.set(chosen)
    movement.partners.set(partner_list)
    after = {**snapshot(movement), "targets": sorted(t.pk for t in chosen), "partners": sorted(p.pk for p in partner_list)}
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=movement, before=before, after=after, reason=reason,
                 org_path=movement.organisation.path)
    return movement


@transaction.atomic
def movement_document_add(*, actor, movement: Movement, upload, title: str = "", reason: str = "") -> MovementDocument:
    require(actor, Action.MANAGE_COMMENDATIONS, movement.organisation)
    if upload is None:
        raise UserError("Hãy chọn một tệp (PDF, Word .docx hoặc ảnh) để đính kèm.", field="documents")
    file = read_upload(upload, field="documents", default_name="tai-lieu")
    return _save_document(actor=actor, movement=movement, file=file, title=title, reason=reason)


# --- Peak campaigns -------------------------------------------------------------------------------------


@transaction.atomic
def campaign_add(
    *, actor, movement: Movement, name: str, start: date | None, end: date | None, description: str = "", reason: str = "",
) -> PeakCampaign:
    """A peak campaign (đợt thi đua cao điểm) inside the movement's period."""
    require(actor, Action.MANAGE_COMMENDATIONS, movement.organisation)
    name = _required_text(name, label="tên đợt thi đua", field="name")
    start, end = _period(start, end, what="đợt thi đua")
    if start < movement.start or end > movement.end:
        raise UserError(
            f"Đợt thi đua ({_fmt(start)} – {_fmt(end)}) phải nằm trong thời gian của phong trào "
            f"({_fmt(movement.start)} – {_fmt(movement.end)}): hãy sửa lại ngày.",
            field="start" if start < movement.start else "end",
        )
    campaign = PeakCampaign.objects.create(
        movement=movement, name=name, start=start, end=end,
        description=_optional_text(description, label="nội dung", field="description"),
    )
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=campaign, before=None, after=snapshot(campaign),
                 reason=reason, org_path=movement.organisation.path)
    return campaign


# --- Responses and results ---------------------------------------------------------------------------------


def _require_targeted(movement: Movement, organisation: Organisation) -> None:
    if not is_targeted(movement=movement, organisation=organisation):
        raise UserError(
            f"Phong trào «{movement.name}» không đề nghị {organisation.name} hưởng ứng: chỉ các đơn vị được phát động "
            "mới hưởng ứng, đăng ký mô hình hay dự thi.", field="organisation",
        )


@transaction.atomic
def response_submit(
    *, actor, movement: Movement, organisation: Organisation, plan: str, on: date, plan_file=None, reason: str = "",
) -> MovementResponse:
    """A targeted unit responds (hưởng ứng) with its plan, perhaps with the plan document attached."""
    require(actor, Action.MANAGE_COMMENDATIONS, organisation)
    _require_targeted(movement, organisation)
    if MovementResponse.objects.filter(movement=movement, organisation=organisation).exists():
        raise UserError(f"{organisation.name} đã hưởng ứng phong trào này: hãy báo cáo kết quả thay vì hưởng ứng lại.",
                        field="organisation")
    plan = _required_text(plan, label="kế hoạch hưởng ứng", field="plan", max_length=TEXT_MAX)
    file = read_upload(plan_file, field="plan_file", default_name="ke-hoach") if plan_file is not None else None
    response = MovementResponse.objects.create(movement=movement, organisation=organisation, plan=plan, responded_on=on)
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=response, before=None, after=snapshot(response),
                 reason=reason, org_path=organisation.path)
    if file is not None:
        plan_row = ResponsePlanFile.objects.create(response=response, name=file.name, content_type=file.content_type,
                                                   size=file.size, data=file.data)
        audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=plan_row, before=None, after=snapshot(plan_row),
                     reason=reason, org_path=organisation.path)
    return response


def parse_figures(text: str) -> list[dict]:
    """Figures typed one a line as "label: number" (e.g. "Số đoàn viên tham gia: 1.250")."""
    figures = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        label, sep, value = line.rpartition(":")
        if not sep or not label.strip():
            raise UserError(f"Dòng số liệu {number} «{line[:60]}» cần dạng «tên chỉ tiêu: số», ví dụ «Số đoàn viên tham gia: 120».",
                            field="figures")
        figures.append({"label": label.strip(), "value": value.strip()})
    return figures


def _figures(items) -> list[dict]:
    cleaned = []
    for item in items or []:
        label = normalise(str(item.get("label", "") if isinstance(item, dict) else ""))
        raw = item.get("value") if isinstance(item, dict) else None
        if not label:
            raise UserError("Mỗi số liệu cần tên chỉ tiêu, ví dụ «Số đoàn viên tham gia».", field="figures")
        if len(label) > 200:
            raise UserError("Tên chỉ tiêu dài tối đa 200 ký tự.", field="figures")
        if isinstance(raw, bool):
            raw = None
        if isinstance(raw, str):
            text = raw.strip().replace(".", "").replace(" ", "")
            raw = int(text) if text.lstrip("-").isdigit() else None
        if not isinstance(raw, int) or raw < 0 or raw > 10**12:
            raise UserError(f"Số liệu «{label}» cần một số nguyên không âm, ví dụ 120 hoặc 1.250.", field="figures")
        cleaned.append({"label": label, "value": raw})
    if len(cleaned) > FIGURES_MAX:
        raise UserError(f"Mỗi báo cáo có nhiều nhất {FIGURES_MAX} số liệu.", field="figures")
    return cleaned


@transaction.atomic
def result_report(
    *, actor, response: MovementResponse, period: str, text: str, on: date, figures=None, campaign: PeakCampaign | None = None,
    reason: str = "",
) -> ResultReport:
    """A periodic result of a unit's response: the period, what was done, and figures."""
    require(actor, Action.MANAGE_COMMENDATIONS, response.organisation)
    period = _required_text(period, label="kỳ báo cáo (ví dụ «6 tháng đầu năm 2025»)", field="period", max_length=100)
    text = _required_text(text, label="kết quả thực hiện", field="text", max_length=TEXT_MAX)
    if campaign is not None and campaign.movement_id != response.movement_id:
        raise UserError("Đợt thi đua đã chọn không thuộc phong trào này.", field="campaign")
    report = ResultReport.objects.create(response=response, campaign=campaign, period=period, text=text,
                                         figures=_figures(figures), reported_on=on)
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=report, before=None, after=snapshot(report),
                 reason=reason, org_path=response.organisation.path)
    return report


# --- Models ------------------------------------------------------------------------------------------------


def _people_in(unit: Organisation, people) -> list[Person]:
    from thidua.people.selectors import person_list
    from thidua.core.permissions import SYSTEM

    chosen = list({p.pk: p for p in (people or [])}.values())
    if chosen:
        linked = set(person_list(actor=SYSTEM, under=unit).filter(pk__in=[p.pk for p in chosen]).values_list("pk", flat=True))
        for person in chosen:
            if person.pk not in linked:
                raise UserError(f"{person.full_name} không công tác, sinh hoạt ở {unit.name}: chỉ chọn người của đơn vị.",
                                field="people")
    return chosen


@transaction.atomic
def model_register(
    *, actor, movement: Movement, organisation: Organisation, name: str, on: date, description: str = "",
    people: list[Person] | None = None, recognition: str = "", reason: str = "",
) -> MovementModel:
    """A unit registers a model ("Dân vận khéo"…) as an entry of the movement."""
    require(actor, Action.MANAGE_COMMENDATIONS, organisation)
    _require_targeted(movement, organisation)
    name = _required_text(name, label="tên mô hình", field="name")
    members = _people_in(organisation, people)
    model = MovementModel.objects.create(
        movement=movement, organisation=organisation, name=name, registered_on=on,
        description=_optional_text(description, label="mô tả", field="description", max_length=5000),
        recognition=_optional_text(recognition, label="ghi nhận, công nhận", field="recognition", max_length=500),
    )
    model.people.set(members)
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=model, before=None,
                 after={**snapshot(model), "people": sorted(p.pk for p in members)}, reason=reason, org_path=organisation.path)
    return model


@transaction.atomic
def model_recognise(*, actor, model: MovementModel, recognition: str, on: date, reason: str = "") -> MovementModel:
    """The launching organisation recognises a model (công nhận), with the words of its recognition."""
    require(actor, Action.MANAGE_COMMENDATIONS, model.movement.organisation)
    before = snapshot(model)
    model.recognition = _required_text(recognition, label="nội dung công nhận", field="recognition", max_length=500)
    model.recognised_on = on
    model.save(update_fields=["recognition", "recognised_on"])
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=model, before=before, after=snapshot(model), reason=reason,
                 org_path=model.organisation.path)
    return model


# --- Contests ---------------------------------------------------------------------------------------------


def _decimal(value, *, label: str, field: str) -> Decimal:
    if isinstance(value, bool):
        value = None
    try:
        number = Decimal(str(value).strip().replace(",", ".")) if value not in (None, "") else None
    except (InvalidOperation, ValueError):
        number = None
    if number is None or not number.is_finite() or abs(number) >= 10000:
        raise UserError(f"{label} «{value}» không hợp lệ: hãy nhập một số, ví dụ 8,5.", field=field)
    if number != number.quantize(Decimal("0.01")):
        raise UserError(f"{label} {vn_number(number)} có quá hai chữ số thập phân.", field=field)
    return number.quantize(Decimal("0.01"))


@transaction.atomic
def contest_add(
    *, actor, movement: Movement, name: str, description: str = "", score_min=0, score_max=10,
    judges: list[Person] | None = None, reason: str = "",
) -> Contest:
    """A contest (hội thi) inside the movement, with its scoring range and judges."""
    require(actor, Action.MANAGE_COMMENDATIONS, movement.organisation)
    name = _required_text(name, label="tên hội thi", field="name")
    low = _decimal(score_min, label="Điểm thấp nhất", field="score_min")
    high = _decimal(score_max, label="Điểm cao nhất", field="score_max")
    if high <= low:
        raise UserError(f"Điểm cao nhất ({vn_number(high)}) phải lớn hơn điểm thấp nhất ({vn_number(low)}).", field="score_max")
    contest = Contest.objects.create(movement=movement, name=name, score_min=low, score_max=high,
                                     description=_optional_text(description, label="thể lệ", field="description"))
    chosen = list({p.pk: p for p in (judges or [])}.values())
    contest.judges.set(chosen)
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=contest, before=None,
                 after={**snapshot(contest), "judges": sorted(p.pk for p in chosen)}, reason=reason,
                 org_path=movement.organisation.path)
    return contest


@transaction.atomic
def contest_judge_add(*, actor, contest: Contest, person: Person, reason: str = "") -> Contest:
    require(actor, Action.MANAGE_COMMENDATIONS, contest.movement.organisation)
    if contest.judges.filter(pk=person.pk).exists():
        raise UserError(f"{person.full_name} đã là giám khảo của hội thi này.", field="judge")
    before = {**snapshot(contest), "judges": sorted(contest.judges.values_list("pk", flat=True))}
    contest.judges.add(person)
    after = {**snapshot(contest), "judges": sorted(contest.judges.values_list("pk", flat=True))}
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=contest, before=before, after=after, reason=reason,
                 org_path=contest.movement.organisation.path)
    return contest


@transaction.atomic
def contest_entry_add(
    *, actor, contest: Contest, organisation: Organisation, title: str, on: date, person: Person | None = None, reason: str = "",
) -> ContestEntry:
    """An entry by a targeted unit, or by a person of that unit (then `person` is its author)."""
    require(actor, Action.MANAGE_COMMENDATIONS, organisation)
    _require_targeted(contest.movement, organisation)
    title = _required_text(title, label="tên bài dự thi", field="title")
    if person is not None:
        _people_in(organisation, [person])
    entry = ContestEntry.objects.create(contest=contest, organisation=organisation, person=person, title=title, submitted_on=on)
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=entry, before=None, after=snapshot(entry), reason=reason,
                 org_path=organisation.path)
    return entry


@transaction.atomic
def contest_score(*, actor, entry: ContestEntry, judge: Person, score, note: str = "", reason: str = "") -> ContestScore:
    """A judge's score of an entry (recorded by the contest's organisers); scoring again replaces it."""
    contest = entry.contest
    require(actor, Action.MANAGE_COMMENDATIONS, contest.movement.organisation)
    if not contest.judges.filter(pk=judge.pk).exists():
        raise UserError(f"{judge.full_name} không phải giám khảo của hội thi «{contest.name}»: chỉ giám khảo mới được chấm.",
                        field="judge")
    if entry.person_id == judge.pk:
        raise UserError(f"{judge.full_name} là tác giả của bài «{entry.title}» nên không được chấm bài của chính mình.",
                        field="judge")
    value = _decimal(score, label="Điểm", field="score")
    if not contest.score_min <= value <= contest.score_max:
        raise UserError(
            f"Điểm {vn_number(value)} nằm ngoài thang điểm của hội thi (từ {vn_number(contest.score_min)} đến "
            f"{vn_number(contest.score_max)}): hãy nhập lại.", field="score",
        )
    note = _optional_text(note, label="nhận xét", field="note", max_length=500)
    existing = ContestScore.objects.select_for_update().filter(entry=entry, judge=judge).first()
    org_path = entry.organisation.path
    if existing is None:
        created = ContestScore.objects.create(entry=entry, judge=judge, score=value, note=note)
        audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=created, before=None, after=snapshot(created),
                     reason=reason, org_path=org_path)
        return created
    before = snapshot(existing)
    existing.score, existing.note = value, note
    existing.save(update_fields=["score", "note"])
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=existing, before=before, after=snapshot(existing),
                 reason=reason, org_path=org_path)
    return existing
