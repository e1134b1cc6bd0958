"""Plans the demo members of one body: who they are, which terms they sit in, which
committee they sit in when, who leads each committee and who left. Pure Python driven by a
seeded `random.Random`, no database: `seed_demo` turns a plan into rows, through the
services for the demo and with `bulk_create` for the region benchmark.

A plan follows §3 全员入委 by construction: each seat in a term is in the committee of the
member's sector group, or in one of the two open committees (提案委员会, 文化文史和学习委员会)
for members moved there; a member's seats never overlap and lie inside his term seats.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from . import org_data as data

DIRECTOR = "director"
DEPUTY = "deputy"
MEMBER = "member"

SECTORS_BY_NAME = {sector.name: sector for sector in data.SECTORS}
GROUP_KIND = {group.name: group.committee_kind for group in data.GROUPS}
HOME_KIND = {sector.name: GROUP_KIND[sector.group] for sector in data.SECTORS}
COMMITTEE_KINDS = tuple(spec.kind for spec in data.COMMITTEES)
# 港澳台侨和外事委员会 is led by a democratic party member, as often in practice; its party
# group leader is then appointed by the chair meeting (§17).
LED_BY_DEMOCRATIC_PARTY = ("hmt_foreign",)

# Shares of a term's seats, from the Ordos 4th term (288 seats): 15 joined mid-term,
# 5 left, 25 moved to the proposals committee, 15 to culture & history, 60 standing.
JOIN_SHARE = 15 / 288
LEAVE_SHARE = 5 / 288
PROPOSALS_SHARE = 25 / 288
CULTURE_SHARE = 15 / 288
STANDING_SHARE = 60 / 288
KEEP_AT_HOME = 3  # members a committee keeps when others move to the open committees


@dataclass
class SeatPlan:
    """A seat in a committee (CommitteeMembership)."""

    kind: str
    start: dt.date
    end: dt.date | None = None
    role: str = MEMBER
    end_reason: str = ""


@dataclass
class TermSeatPlan:
    """A seat in a term (MemberTerm)."""

    number: int
    start: dt.date
    end: dt.date | None = None
    end_reason: str = ""


@dataclass
class PersonPlan:
    code: str
    sector: str
    fields: dict[str, Any]  # Member fields other than body, sector and code
    party_head: bool = False
    term_seats: list[TermSeatPlan] = field(default_factory=list)
    seats: list[SeatPlan] = field(default_factory=list)

    @property
    def home_kind(self) -> str:
        return HOME_KIND[self.sector]

    @property
    def is_cpc(self) -> bool:
        return self.fields["affiliation"] == "cpc"

    def term_seat(self, number: int) -> TermSeatPlan | None:
        return next((s for s in self.term_seats if s.number == number), None)

    def seats_in(self, term: data.TermSpec) -> list[SeatPlan]:
        return [s for s in self.seats if term.start <= s.start <= term.end]


# ---- people -------------------------------------------------------------------------


def sector_counts(total: int) -> dict[str, int]:
    """The municipal sector sizes scaled to `total` seats (largest remainder)."""
    base = data.MUNICIPAL_MEMBER_COUNT
    exact = {s.name: s.count * total / base for s in data.SECTORS}
    counts = {name: int(value) for name, value in exact.items()}
    by_remainder = sorted(exact, key=lambda name: exact[name] - counts[name], reverse=True)
    for name in by_remainder[: total - sum(counts.values())]:
        counts[name] += 1
    return counts


class PeopleMaker:
    """Makes plausible members: names by ethnicity and gender, politics by sector, an
    employer and title fitting the sector, a unique mobile number."""

    def __init__(self, rng: random.Random, *, place: str, phones: set[str]) -> None:
        self.rng = rng
        self.place = place
        self.phones = phones
        self.names: set[str] = set()

    def person(self, sector: data.SectorSpec, rank: int) -> tuple[dict[str, Any], bool]:
        """Member fields for the `rank`-th member of `sector`, and whether he heads his
        democratic party's local committee."""
        rng = self.rng
        affiliation, party = self._politics(sector)
        employer, position, head = self._job(sector, party, rank)
        ethnicity = self._ethnicity(sector.name, employer)
        female_share = 0.9 if sector.name == "妇联" else 0.28
        if sector.name == "宗教界" and ("召" in employer or "佛教" in employer):
            female_share = 0.0
        gender = "female" if rng.random() < female_share else "male"
        phone = self._phone()
        fields = {
            "name": self._name(gender, ethnicity),
            "gender": gender,
            "ethnicity": ethnicity,
            "birth_date": dt.date(rng.randint(1960, 1988), rng.randint(1, 12), rng.randint(1, 28)),
            "affiliation": affiliation,
            "democratic_party": party,
            "employer": employer,
            "position": position,
            "is_standing": False,
            "phone": phone,
            "email": f"{phone}@{data.DEMO_EMAIL_DOMAIN}",
        }
        return fields, head

    def _politics(self, sector: data.SectorSpec) -> tuple[str, str]:
        rng, politics = self.rng, sector.politics
        if politics in ("cpc", "non_party"):
            return politics, ""
        if politics in data.PARTY_NAMES:
            return "democratic", politics
        roll = rng.random()
        # 无党派人士 is a status of its own (its sector); the other non-party members are
        # 群众, and the young ones of the 共青团 sector 共青团员.
        if politics == "mass":
            if roll < 0.75:
                return "cpc", ""
            return ("youth_league" if sector.name == "共青团" else "masses"), ""
        if roll < 0.45:
            return "cpc", ""
        if roll < 0.65:
            return "democratic", rng.choice(list(data.PARTY_NAMES)[:7])
        return "masses", ""

    def _job(self, sector: data.SectorSpec, party: str, rank: int) -> tuple[str, str, bool]:
        if sector.politics in data.PARTY_NAMES and rank < 2:
            office = f"{data.PARTY_NAMES[party]}{self.place}委员会"
            return office, ("主委" if rank == 0 else "专职副主委"), rank == 0
        key = "民主党派" if sector.politics in data.PARTY_NAMES else sector.name
        employer, positions = self.rng.choice(data.EMPLOYERS[key]).split("|")
        return data.localise(employer, self.place), self.rng.choice(positions.split("/")), False

    def _ethnicity(self, sector: str, employer: str) -> str:
        rng = self.rng
        if sector == "宗教界":
            if "伊斯兰" in employer:
                return "回族"
            return "蒙古族" if ("召" in employer or "佛教" in employer) else "汉族"
        if sector == "少数民族界":
            return rng.choices(("蒙古族", "达斡尔族", "鄂温克族", "满族"), (85, 5, 5, 5))[0]
        names, weights = zip(*data.ETHNICITIES, strict=True)
        return rng.choices(names, weights)[0]

    def _name(self, gender: str, ethnicity: str) -> str:
        rng = self.rng
        given = data.FEMALE_GIVEN if gender == "female" else data.MALE_GIVEN
        surnames = {
            "回族": data.HUI_SURNAMES,
            "满族": data.MANCHU_SURNAMES,
            "蒙古族": data.MONGOL_SURNAMES,
        }.get(ethnicity, data.SURNAMES)
        for attempt in range(30):
            if ethnicity == "蒙古族" and rng.random() < 0.65 and attempt < 10:
                name = rng.choice(data.MONGOL_FEMALE if gender == "female" else data.MONGOL_MALE)
            else:
                length = 1 if rng.random() < 0.25 else 2
                name = rng.choice(surnames) + "".join(rng.choice(given) for _ in range(length))
            if name not in self.names:
                break
        self.names.add(name)
        return name

    def _phone(self) -> str:
        while True:
            phone = self.rng.choice(data.PHONE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if phone not in self.phones:
                self.phones.add(phone)
                return phone


# ---- seats --------------------------------------------------------------------------


def _months_after(rng: random.Random, start: dt.date, low: int, high: int) -> dt.date:
    months = start.month - 1 + rng.randint(low, high)
    return dt.date(start.year + months // 12, months % 12 + 1, rng.choice((1, 8, 15, 22)))


def _weighted_order(
    rng: random.Random, items: list[PersonPlan], weights: list[float]
) -> list[PersonPlan]:
    """A random order of items, heavier ones likelier first (Efraimidis–Spirakis)."""
    keyed = sorted(zip(items, weights, strict=True), key=lambda p: rng.random() ** (1 / p[1]))
    return [item for item, _ in reversed(keyed)]


def _take_movers(
    order: list[PersonPlan], k: int, at_home: Counter[str], taken: set[str]
) -> list[PersonPlan]:
    """The first k of `order` not yet taken whose home committee keeps KEEP_AT_HOME members
    sitting there from the term start (so it keeps a director and deputies)."""
    chosen = []
    for person in order:
        if len(chosen) == k:
            break
        if person.code not in taken and at_home[person.home_kind] > KEEP_AT_HOME:
            at_home[person.home_kind] -= 1
            taken.add(person.code)
            chosen.append(person)
    return chosen


def _plan_term(
    rng: random.Random,
    seated: list[PersonPlan],
    term: data.TermSpec,
    *,
    current: bool,
    returning: set[str],
    continuing: set[str],
) -> None:
    """Seat `seated` in `term`: mid-term joins, moves to the open committees, leaders,
    departures; in a past term every open seat ends with the term. `returning` sat in the
    previous term, `continuing` will sit in the next one (so they do not resign now)."""
    n = len(seated)
    newcomers = [p for p in seated if p.code not in returning]
    joining = rng.sample(newcomers, min(len(newcomers), round(n * JOIN_SHARE)))
    joiners = {p.code for p in joining}
    for person in seated:
        start = _months_after(rng, term.start, 12, 35) if person.code in joiners else term.start
        person.term_seats.append(TermSeatPlan(term.number, start))

    from_start = [p for p in seated if p.code not in joiners]
    rng.shuffle(from_start)
    at_home, taken = Counter(p.home_kind for p in from_start), set[str]()
    culture_weights = [3.0 if p.sector in data.CULTURE_SECTORS else 1.0 for p in from_start]
    culture_order = _weighted_order(rng, from_start, culture_weights)
    culture = _take_movers(culture_order, round(n * CULTURE_SHARE), at_home, taken)
    proposals = _take_movers(from_start, round(n * PROPOSALS_SHARE), at_home, taken)
    moved = {p.code: "culture_history" for p in culture} | {p.code: "proposals" for p in proposals}
    for index, person in enumerate(culture + proposals):
        kind = moved[person.code]
        if index % 2 == 0:  # placed there from the start
            person.seats.append(SeatPlan(kind, term.start))
        else:  # moved there during the term
            on = _months_after(rng, term.start, 13, 30)
            person.seats.append(
                SeatPlan(
                    person.home_kind,
                    term.start,
                    on - dt.timedelta(days=1),
                    MEMBER,
                    data.TRANSFER_REASON,
                )
            )
            person.seats.append(SeatPlan(kind, on))
    for person in seated:
        if person.code not in moved:
            person.seats.append(SeatPlan(person.home_kind, person.term_seat(term.number).start))

    staying = set(_choose_leaders(rng, seated, term)) | joiners | continuing
    plain = [p for p in seated if p.code not in staying and len(p.seats_in(term)) == 1]
    for person in rng.sample(plain, min(len(plain), round(n * LEAVE_SHARE))):
        left = min(_months_after(rng, term.start, 15, 45), term.end - dt.timedelta(days=30))
        reason = rng.choice(data.LEAVE_REASONS)
        seat, term_seat = person.seats_in(term)[-1], person.term_seat(term.number)
        seat.end = term_seat.end = left
        seat.end_reason = term_seat.end_reason = reason
    if not current:
        for person in seated:
            for seat in (person.seats_in(term)[-1], person.term_seat(term.number)):
                if seat.end is None:
                    seat.end, seat.end_reason = term.end, data.TERM_END_REASON


def _choose_leaders(
    rng: random.Random, seated: list[PersonPlan], term: data.TermSpec
) -> dict[str, str]:
    """One director and two or three deputies per committee, among its members who sit
    there for the whole term (in a tiny body, who joined later). Returns code -> role and
    sets the seats' roles."""
    leaders: dict[str, str] = {}
    for kind in COMMITTEE_KINDS:
        only_here = [p for p in seated if [s.kind for s in p.seats_in(term)] == [kind]]
        candidates = [p for p in only_here if p.seats_in(term)[0].start == term.start]
        candidates = candidates or only_here
        if not candidates:
            continue
        wants_cpc = kind not in LED_BY_DEMOCRATIC_PARTY

        def fit(p: PersonPlan, wants_cpc: bool = wants_cpc) -> float:
            preferred = p.is_cpc if wants_cpc else p.fields["affiliation"] == "democratic"
            return (2.0 if preferred else 0.0) + rng.random()

        director, *others = sorted(candidates, key=fit, reverse=True)
        # Deputies mix CPC and non-CPC members, as a committee's leadership usually does.
        weights = [1.0 if p.is_cpc else 2.0 for p in others]
        deputies = _weighted_order(rng, others, weights)[: rng.choice((2, 3))]
        for person, role in [(director, DIRECTOR), *((p, DEPUTY) for p in deputies)]:
            person.seats_in(term)[0].role = role
            leaders[person.code] = role
    return leaders


def _choose_standing(rng: random.Random, people: list[PersonPlan], current: data.TermSpec) -> None:
    """About a fifth of the current term are standing members (常委): the committee leaders
    and the democratic parties' heads, then others, CPC members likelier."""
    seated = [p for p in people if p.term_seat(current.number) is not None]
    forced = [
        p for p in seated if p.party_head or any(s.role != MEMBER for s in p.seats_in(current))
    ]
    others = [p for p in seated if p not in forced]
    weights = [2.0 if p.is_cpc else 1.0 for p in others]
    target = round(len(seated) * STANDING_SHARE) - len(forced)
    for person in forced + _weighted_order(rng, others, weights)[: max(target, 0)]:
        person.fields["is_standing"] = True
    for person in people:
        if person.term_seat(current.number) is None and rng.random() < STANDING_SHARE:
            person.fields["is_standing"] = True


def plan_body(
    rng: random.Random,
    *,
    size: int,
    terms: Sequence[data.TermSpec],
    place: str,
    phones: set[str],
) -> list[PersonPlan]:
    """`size` members of one body seated in `terms` (oldest first; the last is current).
    With two terms, 60 % sit in the old one and 70 % in the current one, so 30 % serve in
    both, as is usual for CPPCC members reappointed for a second term."""
    maker = PeopleMaker(rng, place=place, phones=phones)
    people: list[PersonPlan] = []
    for name, count in sector_counts(size).items():
        sector = SECTORS_BY_NAME[name]
        for rank in range(count):
            fields, head = maker.person(sector, rank)
            people.append(PersonPlan(code="", sector=name, fields=fields, party_head=head))
    rng.shuffle(people)
    for number, person in enumerate(people, start=1):
        person.code = f"W{number:04d}"
    if len(terms) == 1:
        windows = [(0, size)]
    elif len(terms) == 2:
        windows = [(0, round(size * 0.6)), (round(size * 0.3), size)]
    else:
        raise ValueError("plan_body handles one or two terms")
    returning: set[str] = set()
    for index, (term, (low, high)) in enumerate(zip(terms, windows, strict=True)):
        seated = people[low:high]
        current = index == len(terms) - 1
        later = windows[index + 1] if not current else (0, 0)
        continuing = {p.code for p in people[later[0] : later[1]]}
        _plan_term(rng, seated, term, current=current, returning=returning, continuing=continuing)
        returning = {p.code for p in seated}
    _choose_standing(rng, people, terms[-1])
    return people


# ---- who gets what --------------------------------------------------------------------


def in_office(person: PersonPlan, term: data.TermSpec) -> bool:
    seat = person.term_seat(term.number)
    return seat is not None and seat.end is None


def current_seat(person: PersonPlan, term: data.TermSpec) -> SeatPlan | None:
    seats = person.seats_in(term)
    return seats[-1] if seats and in_office(person, term) else None


def party_group_leaders(
    people: list[PersonPlan], term: data.TermSpec
) -> dict[str, tuple[PersonPlan | None, bool]]:
    """§17: per sector group, its committee's director if a CPC member; otherwise a CPC
    member of the group (standing members first) appointed by the chair meeting.
    Returns group name -> (leader, appointed by the chair meeting)."""
    directors = {
        seat.kind: person
        for person in people
        if (seat := current_seat(person, term)) is not None and seat.role == DIRECTOR
    }
    leaders: dict[str, tuple[PersonPlan | None, bool]] = {}
    for group in data.GROUPS:
        director = directors.get(group.committee_kind)
        if director is not None and director.is_cpc:
            leaders[group.name] = (director, False)
            continue
        candidates = [
            p
            for p in people
            if SECTORS_BY_NAME[p.sector].group == group.name and p.is_cpc and in_office(p, term)
        ]
        candidates.sort(key=lambda p: (not p.fields["is_standing"], p.code))
        leaders[group.name] = (candidates[0], True) if candidates else (None, False)
    return leaders


def pick_accounts(
    rng: random.Random, people: list[PersonPlan], term: data.TermSpec, *, kind: str, extra: int
) -> tuple[PersonPlan, list[PersonPlan]]:
    """The demo `member` login (a plain member of committee `kind` for the whole term) and
    `extra` other members in office who get a login named after their phone number."""

    def plain_in(p: PersonPlan) -> bool:
        seats = p.seats_in(term)
        return in_office(p, term) and [(s.kind, s.role) for s in seats] == [(kind, MEMBER)]

    demo = next(p for p in people if plain_in(p) and p.term_seat(term.number).start == term.start)
    others = [p for p in people if in_office(p, term) and p is not demo]
    return demo, sorted(rng.sample(others, min(extra, len(others))), key=lambda p: p.code)
