"""Judging many people fast: each verdict remembered by the facts it read.

The engine is pure: for a fixed award, year, proposal date, parameters and organisation rules, a
verdict depends only on the facts of the subject it reads. The first time, the engine runs on a
tracing view of the subject that notes, in order, each fact read (a field of one year, the hiring
date, the awards held, …) and its value; the verdict is stored at the end of that path in a tree.
The next subject walks the tree reading the same facts: reaching a leaf gives the same verdict
without running the criteria; a value never seen branches off and runs the engine once more.

So the verdicts are exactly `evaluate`'s (a test compares them over random histories), at a
fraction of the cost when facts repeat, as they do for yearly titles: a title looks at a handful of
fields of one year, and a million people share a few thousand combinations of them. Only the
compact verdict (verdict, failed and unknown criterion ids) is kept in a leaf; the explanation is
recomputed with `evaluate` when someone reads it. No Django here.
"""
from __future__ import annotations

import logging
import sys
from datetime import date

from thidua.rules import Parameters, Result, Situation, evaluate

log = logging.getLogger(__name__)

MAX_LEAVES = 100_000  # beyond this many distinct paths the tree stops growing (memory stays bounded)


def compact(result: Result) -> tuple[str, str, str]:
    """(verdict, ids of the criteria that failed, ids of those unknown), as stored by a run."""
    failed = " ".join(c.id for c in result.criteria if c.met is False and not c.for_council)
    unknown = " ".join(c.id for c in result.criteria if c.met is None and not c.for_council)
    return sys.intern(result.verdict.value), sys.intern(failed), sys.intern(unknown)


# --- tracing views: the subject as the engine sees it, noting every fact read ----------------------


class _Trace:
    __slots__ = ("steps", "seen")

    def __init__(self):
        self.steps: list[tuple] = []
        self.seen: set = set()

    def note(self, access: tuple, value):
        if access not in self.seen:
            self.seen.add(access)
            self.steps.append((access, value))
        return value


class _TracingYear:
    __slots__ = ("_record", "_year", "_trace")

    def __init__(self, record, year, trace):
        self._record, self._year, self._trace = record, year, trace

    def __getattr__(self, name):
        return self._trace.note(("y", self._year, name), getattr(self._record, name))


class _TracingYears:
    """The `years` mapping: asking which years exist is itself a fact read."""

    __slots__ = ("_years", "_trace")

    def __init__(self, years, trace):
        self._years, self._trace = years, trace

    def _keys(self):
        return self._trace.note(("keys",), tuple(sorted(self._years)))

    def _wrap(self, year):
        return _TracingYear(self._years[year], year, self._trace)

    def __contains__(self, year):
        return self._trace.note(("has", year), year in self._years)

    def __getitem__(self, year):
        if year not in self:
            raise KeyError(year)
        return self._wrap(year)

    def get(self, year, default=None):
        return self._wrap(year) if year in self else default

    def __iter__(self):
        return iter(self._keys())

    def __len__(self):
        return len(self._keys())

    def keys(self):
        return list(self._keys())

    def items(self):
        return [(y, self._wrap(y)) for y in self._keys()]

    def values(self):
        return [self._wrap(y) for y in self._keys()]


class _TracingSubject:
    __slots__ = ("_subject", "_trace")

    def __init__(self, subject, trace):
        self._subject, self._trace = subject, trace

    def year(self, year):
        return _TracingYear(self._subject.year(year), year, self._trace)

    @property
    def years(self):
        return _TracingYears(self._subject.years, self._trace)

    def __getattr__(self, name):
        return self._trace.note(("s", name), getattr(self._subject, name))


def _read(subject, access: tuple):
    kind = access[0]
    if kind == "y":
        return getattr(subject.year(access[1]), access[2])
    if kind == "s":
        return getattr(subject, access[1])
    if kind == "has":
        return access[1] in subject.years
    return tuple(sorted(subject.years))


# --- the tree ------------------------------------------------------------------------------------


class _Node:
    __slots__ = ("access", "children")

    def __init__(self):
        self.access = None
        self.children: dict = {}


class _Leaf:
    __slots__ = ("verdict",)

    def __init__(self, verdict):
        self.verdict = verdict


class Judge:
    """Compact verdicts on fixed (year, proposal date, parameters), for many subjects in turn."""

    def __init__(self, *, year: int, on: date, params: Parameters, max_leaves: int = MAX_LEAVES):
        self.year, self.on, self.params = year, on, params
        self.max_leaves = max_leaves
        self.leaves = 0
        self.hits = self.misses = 0
        self.disabled = False
        self._roots: dict[tuple, list] = {}  # (award, id(org_rules)) → [org_rules, root node]

    def evaluate(self, subject, award: str, org_rules: tuple = ()) -> Result:
        """The full result, straight from the engine (for explanations; never remembered)."""
        return evaluate(Situation(award, self.year, self.on, subject, org_rules), award, on=self.on, year=self.year, params=self.params)

    def verdict(self, subject, award: str, org_rules: tuple = ()) -> tuple[str, str, str]:
        """(verdict, failed ids, unknown ids) of `subject` on `award`."""
        if self.disabled:
            return compact(self.evaluate(subject, award, org_rules))
        key = (award, id(org_rules))
        slot = self._roots.get(key)
        if slot is None:
            slot = self._roots[key] = [org_rules, _Node()]  # the rules are kept so their id stays theirs
        node = slot[1]
        read = _read
        try:
            while True:
                if node.__class__ is _Leaf:
                    self.hits += 1
                    return node.verdict
                access = node.access
                if access is None:
                    break
                node = node.children.get(read(subject, access))
                if node is None:
                    break
        except TypeError:  # a fact that cannot be a key (unhashable): judge this one directly
            return compact(self.evaluate(subject, award, org_rules))
        return self._learn(slot, subject, award, org_rules)

    def _learn(self, slot, subject, award, org_rules) -> tuple[str, str, str]:
        self.misses += 1
        trace = _Trace()
        result = evaluate(Situation(award, self.year, self.on, _TracingSubject(subject, trace), org_rules),
                          award, on=self.on, year=self.year, params=self.params)
        verdict = compact(result)
        if self.leaves >= self.max_leaves:
            return verdict
        try:
            self._insert(slot, trace.steps, verdict)
        except TypeError:
            pass  # an unhashable fact: not remembered
        except _Inconsistent as exc:  # the engine read different facts for the same values: not pure
            log.warning("Bỏ ghi nhớ kết quả xét: %s", exc)
            self.disabled = True
        return verdict

    def _insert(self, slot, steps, verdict) -> None:
        parent, key, node = slot, 1, slot[1]
        for access, value in steps:
            if node.__class__ is _Leaf:
                raise _Inconsistent(f"{access} read after a verdict on the same facts")
            if node.access is None:
                node.access = access
            elif node.access != access:
                raise _Inconsistent(f"{access} read where {node.access} was")
            child = node.children.get(value)
            if child is None:
                child = node.children[value] = _Node()
            parent, key, node = node.children, value, child
        if node.__class__ is _Leaf:
            return
        if node.access is not None:
            raise _Inconsistent("a verdict reached where more facts were read before")
        parent[key] = _Leaf(verdict)
        self.leaves += 1


class _Inconsistent(RuntimeError):
    pass
