"""Demo data: a believable health-sector union, deterministic for a seed (`thidua demo`).

The national health union under the confederation; provincial sector unions in real provinces
(one of them formed by the 2025 merger of three); grassroots unions of both kinds — hospitals,
medical centres, a pharmaceutical company — with their departments; people named the Vietnamese
way from Faker's vi_VN lists, with professions, employment and membership; and demo users holding
each role on different parts of the tree. Rows are written in bulk so a million members load in
minutes; the few tree events (a merger, a rename) go through the services like any officer's.
"""
from __future__ import annotations

import random
import sys
import time
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from faker.providers.person.vi_VN import Provider as VietnameseNames
from vietnam_provinces import Province

from thidua.core.models import AuditEntry, Role
from thidua.core.permissions import SYSTEM
from thidua.demo_commendation import load_commendation_year
from thidua.core.services import user_create_with_role
from thidua.core.text import split_name
from thidua.organisations.models import Organisation, OrganisationEvent, OrganisationVersion, OrgKind
from thidua.organisations.services import org_create, org_merge, org_rename
from thidua.people.models import Employment, Gender, Membership, Person, Profession
from thidua.people.validation import CCCD_PROVINCE_CODES, century_gender_digit

ROOT_CODE = "TLDLD"
NATIONAL_CODE = "CDYTVN"
DEMO_PASSWORD = "thidua-demo-2026"
DEMO_USERS = [
    # username, role, organisation code, who they are
    ("quantri", Role.SYSTEM_ADMIN, ROOT_CODE, "Quản trị hệ thống"),
    ("canbo.hanoi", Role.UNION_OFFICER, "CDN-01", "Cán bộ Công đoàn ngành Y tế Hà Nội"),
    ("canbo.bvhanoi", Role.UNION_OFFICER, "CS-01-001", "Cán bộ công đoàn cơ sở một bệnh viện ở Hà Nội"),
    ("thidua.hanoi", Role.EMULATION_OFFICER, "CDN-01", "Cán bộ thi đua – khen thưởng Hà Nội"),
    ("hoidong.hue", Role.COUNCIL_MEMBER, "CDN-46", "Thành viên hội đồng thi đua Huế"),
    ("xem.ninhbinh", Role.VIEWER, "CDN-37", "Người xem Ninh Bình"),
]
DEMO_LOGINS_TEXT = "Tài khoản mẫu (mật khẩu chung: {pw}):\n{rows}".format(
    pw=DEMO_PASSWORD, rows="\n".join(f"  {u:<14} {desc}" for u, _, _, desc in DEMO_USERS)
)

HOSPITALS = [
    "Bệnh viện Đa khoa {p}", "Bệnh viện Sản – Nhi {p}", "Bệnh viện Y học cổ truyền {p}",
    "Bệnh viện Phổi {p}", "Bệnh viện Tâm thần {p}", "Bệnh viện Mắt {p}", "Bệnh viện Phục hồi chức năng {p}",
    "Bệnh viện Nội tiết {p}", "Bệnh viện Ung bướu {p}", "Bệnh viện Da liễu {p}",
]
CENTRES = ["Trung tâm Kiểm soát bệnh tật {p}", "Trung tâm Y tế khu vực {w} {p}", "Trung tâm Pháp y {p}", "Trung tâm Giám định y khoa {p}"]
COMPANIES = ["Công ty Cổ phần Dược phẩm {p}", "Công ty Cổ phần Thiết bị y tế {p}"]
HOSPITAL_UNITS = [
    "Khoa Nội", "Khoa Ngoại", "Khoa Sản", "Khoa Nhi", "Khoa Hồi sức cấp cứu", "Khoa Xét nghiệm",
    "Khoa Chẩn đoán hình ảnh", "Khoa Dược", "Khoa Truyền nhiễm", "Phòng Tổ chức cán bộ",
    "Phòng Kế hoạch tổng hợp", "Phòng Điều dưỡng", "Phòng Tài chính kế toán",
]
COMPANY_UNITS = ["Phân xưởng sản xuất", "Phòng Kiểm nghiệm", "Phòng Kinh doanh", "Phòng Hành chính"]
CLINICAL = [Profession.DOCTOR, Profession.NURSE, Profession.NURSE, Profession.TECHNICIAN, Profession.MIDWIFE,
            Profession.PHYSICIAN_ASSISTANT, Profession.PHARMACIST, Profession.PUBLIC_HEALTH]
OFFICE = [Profession.ADMINISTRATION, Profession.ADMINISTRATION, Profession.OTHER]
FACTORY = [Profession.WORKER, Profession.WORKER, Profession.PHARMACIST, Profession.TECHNICIAN, Profession.ADMINISTRATION]
HISTORY_START = date(2010, 1, 1)
MERGER_DAY = date(2025, 7, 1)
# The 2025 merger the demo replays: Hà Nam and Nam Định joined Ninh Bình (Nghị quyết
# 202/2025/QH15 of the National Assembly on rearranging provincial administrative units).
MERGED_AWAY = [("CDN-35", "Công đoàn ngành Y tế Hà Nam"), ("CDN-36", "Công đoàn ngành Y tế Nam Định")]


@dataclass
class DemoResult:
    loaded: bool
    organisations: int = 0
    people: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        if not self.loaded:
            return "Dữ liệu mẫu đã có sẵn, không nạp lại."
        return (f"Đã nạp dữ liệu mẫu: {self.organisations:,} tổ chức, {self.people:,} người "
                f"trong {self.seconds:.0f} giây.").replace(",", ".")


class _Builder:
    def __init__(self, seed: int, on: date, progress: bool):
        self.rng = random.Random(seed)
        self.on = on
        self.progress = progress
        self.used_cccd: set[str] = set()
        self.org_count = 0

    def say(self, text: str) -> None:
        if self.progress:
            print(text, file=sys.stderr, flush=True)

    # --- organisations -------------------------------------------------------------------
    def bulk_orgs(self, specs: list[tuple[str, str, str, Organisation, date]]) -> list[Organisation]:
        """Create organisations (code, name, kind, parent, valid_from) in bulk, with paths."""
        orgs = [
            Organisation(code=c, name=n, kind=k, parent=p, valid_from=f, path="", depth=0,
                         province_code=p.province_code, search_name=split_name(n).search_full)
            for c, n, k, p, f in specs
        ]
        Organisation.objects.bulk_create(orgs, batch_size=2000)
        for org in orgs:
            org.path, org.depth = f"{org.parent.path}{org.pk}/", org.parent.depth + 1
        Organisation.objects.bulk_update(orgs, ["path", "depth"], batch_size=2000)
        OrganisationVersion.objects.bulk_create(
            [OrganisationVersion(organisation=o, name=o.name, parent=o.parent, valid_from=o.valid_from) for o in orgs],
            batch_size=2000,
        )
        OrganisationEvent.objects.bulk_create(
            [OrganisationEvent(kind=OrganisationEvent.Kind.CREATED, organisation=o, effective=o.valid_from) for o in orgs],
            batch_size=2000,
        )
        AuditEntry.objects.bulk_create(
            [AuditEntry(actor_name=SYSTEM.username, action=AuditEntry.Action.CREATE, model="organisations.organisation",
                        object_id=str(o.pk), object_repr=str(o), org_path=o.path, after={"code": o.code, "name": o.name, "kind": o.kind},
                        reason="Dữ liệu mẫu") for o in orgs],
            batch_size=2000,
        )
        self.org_count += len(orgs)
        return orgs

    def tree(self, members: int) -> list[tuple[Organisation, list[Organisation], bool]]:
        """The tree; returns (grassroots union, its departments, is a business) triples."""
        root = org_create(actor=SYSTEM, code=ROOT_CODE, name="Tổng Liên đoàn Lao động Việt Nam",
                          kind=OrgKind.CONFEDERATION, valid_from=HISTORY_START)
        national = org_create(actor=SYSTEM, code=NATIONAL_CODE, name="Công đoàn Y tế Việt Nam",
                              kind=OrgKind.NATIONAL_SECTOR_UNION, parent=root, valid_from=HISTORY_START)
        self.org_count += 2
        provinces = list(Province.iter_all())
        wanted = {1, 46, 37} | {int(p.code) for p in provinces[: max(4, min(len(provinces), members // 30000))]}
        chosen = [p for p in provinces if int(p.code) in wanted]
        provincial = []
        for p in chosen:
            short = p.name.removeprefix("Thành phố ").removeprefix("Tỉnh ")
            union = org_create(actor=SYSTEM, code=f"CDN-{int(p.code):02d}", name=f"Công đoàn ngành Y tế {short}",
                               kind=OrgKind.PROVINCIAL_SECTOR_UNION, parent=national, valid_from=HISTORY_START,
                               province_code=int(p.code))
            federation = org_create(actor=SYSTEM, code=f"LDLD-{int(p.code):02d}", name=f"Liên đoàn Lao động {p.name[0].lower()}{p.name[1:]}",
                                    kind=OrgKind.PROVINCIAL_FEDERATION, parent=root, valid_from=HISTORY_START,
                                    province_code=int(p.code))
            org_create(actor=SYSTEM, code=f"SYT-{int(p.code):02d}", name=f"Sở Y tế {short}", kind=OrgKind.PARTNER,
                       parent=federation, valid_from=HISTORY_START, province_code=int(p.code))
            self.org_count += 3
            provincial.append((union, short))

        # The two largest cities carry about five times the health workforce of a province.
        weights = [5 if union.province_code in (1, 79) else 1 for union, _ in provincial]
        grassroots_total = max(len(provincial) * 3, members // 400)
        units: list[tuple[Organisation, list[Organisation], bool]] = []
        for (union, short), weight in zip(provincial, weights):
            per_province = max(3, round(grassroots_total * weight / sum(weights)))
            specs, business = [], []
            for i in range(per_province):
                kind_roll = self.rng.random()
                if i == per_province - 1 or kind_roll < 0.06:
                    name, kind, is_business = self.rng.choice(COMPANIES), OrgKind.GRASSROOTS_BUSINESS, True
                elif kind_roll < 0.55:
                    name, kind, is_business = self.rng.choice(HOSPITALS), OrgKind.GRASSROOTS_PUBLIC, False
                else:
                    name, kind, is_business = self.rng.choice(CENTRES), OrgKind.GRASSROOTS_PUBLIC, False
                label = name.format(p=short, w=f"số {i + 1}")
                if i >= len(HOSPITALS):
                    label += f" cơ sở {i + 1}"
                specs.append((f"CS-{union.code[4:]}-{i + 1:03d}", f"Công đoàn {label}", kind, union, HISTORY_START))
                business.append(is_business)
            grassroots = self.bulk_orgs(specs)
            dept_specs = []
            for org, is_business in zip(grassroots, business):
                names = COMPANY_UNITS if is_business else HOSPITAL_UNITS
                for j, dept in enumerate(names):
                    dept_specs.append((f"{org.code}-{j + 1:02d}", f"Tổ công đoàn {dept}", OrgKind.UNION_GROUP, org, HISTORY_START))
            departments = self.bulk_orgs(dept_specs)
            by_parent: dict[int, list[Organisation]] = {}
            for d in departments:
                by_parent.setdefault(d.parent_id, []).append(d)
            units += [(g, by_parent[g.pk], b) for g, b in zip(grassroots, business)]
        self.history(national)
        return units

    def history(self, national: Organisation) -> None:
        """Replay the 2025 merger and one rename through the services, as an officer would."""
        successor = Organisation.objects.get(code="CDN-37")
        sources = [org_create(actor=SYSTEM, code=code, name=name, kind=OrgKind.PROVINCIAL_SECTOR_UNION,
                              parent=national, valid_from=HISTORY_START) for code, name in MERGED_AWAY]
        for source in sources:
            org_create(actor=SYSTEM, code=f"{source.code}-BVDK", name=f"Công đoàn Bệnh viện Đa khoa tỉnh {source.name.split('tế ')[-1]}",
                       kind=OrgKind.GRASSROOTS_PUBLIC, parent=source, valid_from=HISTORY_START)
        self.org_count += 4
        org_merge(actor=SYSTEM, sources=sources, into=successor, on=MERGER_DAY,
                  reason="Sắp xếp đơn vị hành chính cấp tỉnh năm 2025")
        hospital = Organisation.objects.filter(code__startswith="CS-01-").order_by("code").first()
        if hospital is not None:
            org_rename(actor=SYSTEM, org=hospital, name=hospital.name + " (cơ sở 1)", on=date(2024, 1, 1),
                       reason="Đổi tên theo quyết định của Sở Y tế")

    # --- people --------------------------------------------------------------------------
    def cccd(self, gender: str, born: date) -> str:
        while True:
            number = (self.rng.choice(_CCCD_CODES) + century_gender_digit(gender, born)
                      + f"{born.year % 100:02d}" + f"{self.rng.randrange(1_000_000):06d}")
            if number not in self.used_cccd:
                self.used_cccd.add(number)
                return number

    def person(self) -> tuple[Person, str]:
        rng = self.rng
        female = rng.random() < 0.68  # the health workforce is mostly women
        family = rng.choice(VietnameseNames.last_names)
        if female:
            middle = "Thị" if rng.random() < 0.55 else rng.choice(_FEMALE_MIDDLE)
            given = rng.choice(VietnameseNames.first_names_female)
        else:
            middle = rng.choice(_MALE_MIDDLE)
            given = rng.choice(VietnameseNames.first_names_male)
        name = split_name(f"{family} {middle} {given}")
        gender = Gender.FEMALE if female else Gender.MALE
        born = date(rng.randint(1966, 2002), rng.randint(1, 12), rng.randint(1, 28))
        person = Person(
            full_name=name.full, family_name=name.family, middle_name=name.middle, given_name=name.given,
            gender=gender, date_of_birth=born, cccd=self.cccd(gender, born) if rng.random() < 0.85 else None,
            phone=f"0{rng.choice('35789')}{rng.randrange(10**8):08d}" if rng.random() < 0.7 else "",
            search_full=name.search_full, search_given_first=name.search_given_first, sort_key=name.sort_key,
        )
        return person, gender

    def people(self, units, members: int) -> int:
        departments = [(d, is_business) for _, depts, is_business in units for d in depts]
        created, batch_size = 0, 5000
        last_report = time.monotonic()
        while created < members:
            size = min(batch_size, members - created)
            batch = [self.person()[0] for _ in range(size)]
            Person.objects.bulk_create(batch, batch_size=size)
            employments, memberships = [], []
            for i, person in enumerate(batch):
                dept, is_business = departments[(created + i) % len(departments)]
                office = dept.name.startswith("Tổ công đoàn Phòng")
                profession = self.rng.choice(FACTORY if is_business else OFFICE if office else CLINICAL)
                start = max(HISTORY_START, date(person.date_of_birth.year + 22, 9, 1)) + timedelta(days=self.rng.randrange(0, 3000))
                start = min(start, self.on - timedelta(days=30))
                employments.append(Employment(person=person, organisation=dept, start=start, profession=profession))
                if self.rng.random() < 0.93:
                    memberships.append(Membership(person=person, organisation=dept, org_path=dept.path, joined=start + timedelta(days=self.rng.randrange(0, 200)),
                                                  card_number=f"{dept.parent_id:05d}{created + i:07d}"))
            Employment.objects.bulk_create(employments, batch_size=size)
            Membership.objects.bulk_create(memberships, batch_size=size)
            created += size
            if time.monotonic() - last_report > 5:
                self.say(f"  … {created:,} / {members:,} người".replace(",", "."))
                last_report = time.monotonic()
        return created


_CCCD_CODES = sorted(CCCD_PROVINCE_CODES)
_MALE_MIDDLE = sorted({m for m in VietnameseNames.middle_names if m != "Thị"})
_FEMALE_MIDDLE = sorted({m for m in VietnameseNames.middle_names if m not in ("Văn", "Thị")})


def demo_load(*, members: int, seed: int, on: date, progress: bool = False) -> DemoResult:
    """Load the demo union once; a second call finds it and changes nothing."""
    if Organisation.objects.filter(code=ROOT_CODE).exists():
        return DemoResult(loaded=False)
    started = time.monotonic()
    builder = _Builder(seed, on, progress)
    with transaction.atomic():
        builder.say("Đang tạo cây tổ chức…")
        units = builder.tree(members)
        builder.say(f"Đang tạo {members:,} người…".replace(",", "."))
        people = builder.people(units, members)
        for username, role, code, description in DEMO_USERS:
            user_create_with_role(actor=SYSTEM, username=username, password=DEMO_PASSWORD, role=role,
                                  organisation=Organisation.objects.get(code=code), full_name=description, validate=False)
        builder.say("Đang tạo một đợt khen thưởng mẫu…")
        load_commendation_year(on)
    return DemoResult(loaded=True, organisations=builder.org_count, people=people, seconds=time.monotonic() - started)
