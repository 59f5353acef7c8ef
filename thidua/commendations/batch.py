"""The batch run's engine room: everyone in a subtree judged for a year, streamed chunk by chunk.

Memory stays flat whatever the subtree's size: the population is a compact array of ids; each chunk
of people (2,000 by default) is read in five queries (thidua.commendations.records), turned into
lazy facts without ORM objects (thidua.commendations.facts.PersonFacts), judged through the verdict memo
(thidua.commendations.memo) and handed to `sink` as plain tuples before the next chunk is read.
The write side (the run row, the inserts, the transaction, the audit) is the service's.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Callable

from thidua.commendations.facts import Interner, PersonFacts
from thidua.commendations.memo import Judge
from thidua.commendations.records import population_ids, read_chunk, registrations_of, rows_of
from thidua.commendations.selectors import OrgRules, award_categories
from thidua.core.db import prefix_q
from thidua.organisations.models import Organisation
from thidua.rules import Parameters, awards_in_force

DEFAULT_CHUNK = 2000


def default_run_awards(on: date) -> list[str]:
    """The yearly individual titles a grassroots unit considers for every worker at the end of the year:
    Lao động tiên tiến and Chiến sĩ thi đua cơ sở (every individual title of level `co_so` in force).

    The higher titles and the forms of commendation are proposed for a few people, one by one; a
    caller who wants them over everyone passes `awards=`.
    """
    return [a.code for a in awards_in_force(on) if a.category == "title" and a.subject in ("individual", "both") and a.level == "co_so"]


@dataclass
class Tally:
    people: int = 0
    counts: dict[str, Counter] = field(default_factory=dict)

    def totals(self) -> Counter:
        total = Counter()
        for by_verdict in self.counts.values():
            total.update(by_verdict)
        return total


def judge_population(
    *,
    root: Organisation,
    year: int,
    on: date,
    awards: list[str],
    params: Parameters,
    sink: Callable[[list[tuple]], None],
    chunk_size: int = DEFAULT_CHUNK,
    judge: Judge | None = None,
) -> Tally:
    """Judge everyone employed in `root`'s subtree during `year` on each of `awards`.

    `sink` receives, chunk after chunk, rows (person id, award, verdict, failed ids, unknown ids).
    """
    ids = population_ids(root, year)
    judge = judge or Judge(year=year, on=on, params=params)
    rules = OrgRules()
    interner = Interner()
    categories = award_categories()
    paths = dict(Organisation.objects.filter(prefix_q("path", root.path)).values_list("pk", "path"))
    tally = Tally(counts={code: Counter() for code in awards})
    counters = [(code, tally.counts[code]) for code in awards]
    verdict = judge.verdict
    for start in range(0, len(ids), chunk_size):
        chunk = ids[start:start + chunk_size]
        rows = read_chunk(chunk, year)
        out: list[tuple] = []
        for person_id in chunk:
            employments, appraisals, held, initiatives = rows_of(rows, person_id)
            subject = PersonFacts(year=year, on=on, employments=employments, appraisals=appraisals, awards=held,
                                  initiatives=initiatives, categories=categories, interner=interner,
                                  registrations=registrations_of(rows, person_id))
            current = subject.current
            unit = current[0] if current else None
            path = paths.get(unit)
            if path is None and unit is not None:  # moved out of the subtree later in the year
                path = paths[unit] = Organisation.objects.filter(pk=unit).values_list("path", flat=True).first() or ""
            org_rules = rules.for_path(path or "")
            for code, counter in counters:
                result = verdict(subject, code, org_rules)
                counter[result[0]] += 1
                out.append((person_id, code) + result)
        tally.people += len(chunk)
        sink(out)
    return tally
