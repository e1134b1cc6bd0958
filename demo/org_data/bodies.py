"""The bodies (the municipal CPPCC, the districts, the region's extra bodies), terms and
sessions, committees, sector groups and sectors, and the data set's sizes."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

CITY = "鄂尔多斯市"


class BodySpec(NamedTuple):
    name: str
    short_name: str
    place: str  # the place name used in department and employer names
    parent: str | None  # name of the parent body


MUNICIPAL = BodySpec("鄂尔多斯市政协", "鄂尔多斯", CITY, None)
DISTRICTS: tuple[BodySpec, ...] = tuple(
    BodySpec(f"{place}政协", place, place, MUNICIPAL.name)
    for place in (
        "东胜区",
        "康巴什区",
        "达拉特旗",
        "准格尔旗",
        "鄂托克前旗",
        "鄂托克旗",
        "杭锦旗",
        "乌审旗",
        "伊金霍洛旗",
    )
)
# The region benchmark adds a neighbouring city and one of its districts: 12 bodies in
# two municipal trees, so cross-body isolation is exercised with two roots.
REGION_EXTRA: tuple[BodySpec, ...] = (
    BodySpec("乌海市政协", "乌海", "乌海市", None),
    BodySpec("海勃湾区政协", "海勃湾区", "海勃湾区", "乌海市政协"),
)
ALL_BODY_NAMES: tuple[str, ...] = tuple(
    spec.name for spec in (MUNICIPAL, *DISTRICTS, *REGION_EXTRA)
)


class TermSpec(NamedTuple):
    number: int
    name: str
    start: dt.date
    end: dt.date


# A term runs from the opening day of its first plenary session (一次会议) to the day
# before the next term's opens. The source document (May 2021) is addressed to the members
# of the fourth term (四届市政协全体委员), which opened in January 2017; the fifth opened in
# January 2022 and runs until the sixth term's first session (expected January 2027).
# The opening days are the demo's: the month is right, the day is not taken from a record.
TERM_4 = TermSpec(4, "第四届", dt.date(2017, 1, 10), dt.date(2022, 1, 6))
TERM_5 = TermSpec(5, "第五届", dt.date(2022, 1, 7), dt.date(2027, 1, 6))
# One plenary session a year, on the anniversary of the first; proposals for a session are
# collected from a month before it opens (numbering by session, organisation.PlenarySession).
SESSIONS_PER_TERM = 5
SESSION_DAYS = 4
SESSION_PROPOSALS_DAYS_BEFORE = 30


def session_opening(year: int) -> dt.date:
    """The day the year's plenary session opens: the anniversary of its term's first."""
    term = TERM_5 if year >= TERM_5.start.year else TERM_4
    return term.start.replace(year=year)


class CommitteeSpec(NamedTuple):
    kind: str
    name: str
    description: str
    phone: str
    room: str


OFFICE_BUILDING = "康巴什区市民服务中心政协办公区"
COMMITTEES: tuple[CommitteeSpec, ...] = (
    CommitteeSpec(
        "proposals",
        "提案委员会",
        "负责提案的征集、审查、立案、交办和督办，组织提案办理协商，开展重点提案和优秀提案遴选，"
        "联系各提案承办单位。",
        "0477-8588101",
        "501",
    ),
    CommitteeSpec(
        "economy",
        "经济委员会",
        "围绕全市经济社会发展重大问题开展调查研究和协商议政，联系民建、工商联和经济界委员，"
        "对口联系发展改革、工业和信息化、商务、财政等部门。",
        "0477-8588102",
        "502",
    ),
    CommitteeSpec(
        "agriculture",
        "农业和农村委员会",
        "围绕农牧业现代化、乡村振兴和农村牧区改革开展视察调研和对口协商，联系农业界委员。",
        "0477-8588103",
        "503",
    ),
    CommitteeSpec(
        "environment",
        "人口资源环境委员会",
        "围绕黄河流域生态保护、自然资源开发利用、能源转型和人口发展开展民主监督和协商议政，"
        "联系九三学社和科技界委员。",
        "0477-8588104",
        "504",
    ),
    CommitteeSpec(
        "education",
        "教科卫体委员会",
        "围绕教育、科技、卫生健康和体育事业发展建言献策，联系民盟、民进、农工党及教育、"
        "医药卫生、文化体育新闻界委员。",
        "0477-8588105",
        "505",
    ),
    CommitteeSpec(
        "social_legal",
        "社会和法制委员会",
        "围绕民生保障、法治建设和基层社会治理开展协商监督，联系中共、群团和社会福利界委员。",
        "0477-8588106",
        "506",
    ),
    CommitteeSpec(
        "ethnic_religious",
        "民族和宗教委员会",
        "围绕铸牢中华民族共同体意识、民族团结进步和宗教事务依法管理开展调研协商，"
        "联系少数民族界、宗教界委员。",
        "0477-8588107",
        "507",
    ),
    CommitteeSpec(
        "culture_history",
        "文化文史和学习委员会",
        "负责文史资料的征集、整理、编审和出版，组织委员学习培训，围绕文化事业和文化产业发展"
        "开展协商议政。",
        "0477-8588108",
        "508",
    ),
    CommitteeSpec(
        "hmt_foreign",
        "港澳台侨和外事委员会",
        "联系港澳台侨同胞和海外友好人士，围绕对外开放和招商引资建言献策，联系民革、台联、"
        "致公党和对外友好界委员。",
        "0477-8588109",
        "509",
    ),
)
OPEN_KINDS = ("proposals", "culture_history")


class GroupSpec(NamedTuple):
    name: str
    committee_kind: str


# 界别活动组 → the committee it is linked to (§3). The two open committees get no group.
GROUPS: tuple[GroupSpec, ...] = (
    GroupSpec("中共界别活动组", "social_legal"),
    GroupSpec("群团和社会福利界别活动组", "social_legal"),
    GroupSpec("民建工商联界别活动组", "economy"),
    GroupSpec("经济界活动组", "economy"),
    GroupSpec("农业界和无党派人士活动组", "agriculture"),
    GroupSpec("九三学社和科技界活动组", "environment"),
    GroupSpec("民盟民进和教育界活动组", "education"),
    GroupSpec("农工党和医药卫生界活动组", "education"),
    GroupSpec("文化体育新闻界活动组", "education"),
    GroupSpec("少数民族界和宗教界活动组", "ethnic_religious"),
    GroupSpec("民革台联致公党和对外友好界活动组", "hmt_foreign"),
)


class SectorSpec(NamedTuple):
    name: str
    group: str
    count: int  # members in the 288-seat municipal body
    politics: str  # "cpc", "non_party", a DemocraticParty value, "mass" (群团) or "mixed"


SECTORS: tuple[SectorSpec, ...] = (
    SectorSpec("中国共产党", "中共界别活动组", 36, "cpc"),
    SectorSpec("民革", "民革台联致公党和对外友好界活动组", 6, "rcck"),
    SectorSpec("民盟", "民盟民进和教育界活动组", 8, "cdl"),
    SectorSpec("民建", "民建工商联界别活动组", 9, "cndca"),
    SectorSpec("民进", "民盟民进和教育界活动组", 7, "capd"),
    SectorSpec("农工党", "农工党和医药卫生界活动组", 6, "cpwdp"),
    SectorSpec("致公党", "民革台联致公党和对外友好界活动组", 4, "czgp"),
    SectorSpec("九三学社", "九三学社和科技界活动组", 7, "js"),
    SectorSpec("无党派人士", "农业界和无党派人士活动组", 8, "non_party"),
    SectorSpec("共青团", "群团和社会福利界别活动组", 4, "mass"),
    SectorSpec("总工会", "群团和社会福利界别活动组", 6, "mass"),
    SectorSpec("妇联", "群团和社会福利界别活动组", 6, "mass"),
    SectorSpec("青联", "群团和社会福利界别活动组", 5, "mixed"),
    SectorSpec("工商联", "民建工商联界别活动组", 14, "mixed"),
    SectorSpec("科协", "九三学社和科技界活动组", 6, "mixed"),
    SectorSpec("台联", "民革台联致公党和对外友好界活动组", 3, "mixed"),
    SectorSpec("文化艺术界", "文化体育新闻界活动组", 10, "mixed"),
    SectorSpec("科学技术界", "九三学社和科技界活动组", 9, "mixed"),
    SectorSpec("社会科学界", "文化体育新闻界活动组", 7, "mixed"),
    SectorSpec("经济界", "经济界活动组", 32, "mixed"),
    SectorSpec("农业界", "农业界和无党派人士活动组", 20, "mixed"),
    SectorSpec("教育界", "民盟民进和教育界活动组", 12, "mixed"),
    SectorSpec("体育界", "文化体育新闻界活动组", 5, "mixed"),
    SectorSpec("新闻出版界", "文化体育新闻界活动组", 6, "mixed"),
    SectorSpec("医药卫生界", "农工党和医药卫生界活动组", 12, "mixed"),
    SectorSpec("对外友好界", "民革台联致公党和对外友好界活动组", 4, "mixed"),
    SectorSpec("社会福利和社会保障界", "群团和社会福利界别活动组", 6, "mixed"),
    SectorSpec("少数民族界", "少数民族界和宗教界活动组", 14, "mixed"),
    SectorSpec("宗教界", "少数民族界和宗教界活动组", 6, "non_party"),
    SectorSpec("特邀人士", "中共界别活动组", 10, "mass"),
)
MUNICIPAL_MEMBER_COUNT = sum(s.count for s in SECTORS)  # 288, as in Ordos's 4th term
# The region benchmark set (QUALITY.md): 12 bodies of this many members each. Smaller
# regions (`seed_demo --members-per-body`) shrink every module's records in proportion.
REGION_MEMBERS_PER_BODY = 500


def in_proportion(count: int, members_per_body: int) -> int:
    """`count` records of the full region set, scaled to a region of this many members
    per body (at least one)."""
    return max(1, round(count * members_per_body / REGION_MEMBERS_PER_BODY))


# Sectors whose members the culture & history committee prefers to take (§4).
CULTURE_SECTORS = ("文化艺术界", "社会科学界", "新闻出版界", "少数民族界")
