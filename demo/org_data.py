"""Fixed data for `manage.py seed_demo`: the Ordos CPPCC's bodies, committees, sectors and
sector groups, departments, name lists and the demo logins. Pure data, no database access.

Names of people and companies' staff are invented; institutions are the usual ones of an
Inner Mongolian city. Ordos's area code is 0477.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

# Passes Django's password validators (length, common list, numeric, similarity).
DEMO_PASSWORD = "Lzt-demo-2026"
DEMO_EMAIL_DOMAIN = "demo.example"  # RFC 2606: never a real mailbox

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

# Employers and titles per sector: "单位|职务/职务". 鄂尔多斯市 becomes the body's place.
EMPLOYERS: dict[str, tuple[str, ...]] = {
    "中国共产党": (
        "中共鄂尔多斯市委统战部|副部长",
        "中共鄂尔多斯市委政法委员会|副书记",
        "鄂尔多斯市人民政府|副秘书长",
        "中共东胜区委|副书记",
        "中共准格尔旗委|常委、统战部部长",
        "鄂尔多斯市国有资产监督管理委员会|主任",
        "中共鄂尔多斯市委党校|常务副校长",
        "鄂尔多斯市发展和改革委员会|党组书记、主任",
        "中共伊金霍洛旗委|常委、宣传部部长",
    ),
    "民主党派": (
        "鄂尔多斯应用技术学院|教授/副院长",
        "鄂尔多斯市中心医院|主任医师/副院长",
        "鄂尔多斯市第一中学|高级教师/副校长",
        "内蒙古德隆律师事务所|主任、律师",
        "鄂尔多斯市农牧业科学研究院|研究员",
        "鄂尔多斯市审计局|副局长",
        "鄂尔多斯市自然资源局|副局长",
        "鄂尔多斯职业学院|副教授",
    ),
    "无党派人士": (
        "鄂尔多斯应用技术学院|教授",
        "鄂尔多斯市人民检察院|副检察长",
        "鄂尔多斯市统计局|副局长",
        "内蒙古正和律师事务所|合伙人、律师",
        "鄂尔多斯市蒙医医院|主任医师",
    ),
    "共青团": ("共青团鄂尔多斯市委员会|副书记", "鄂尔多斯市青年企业家协会|会长"),
    "总工会": (
        "鄂尔多斯市总工会|副主席",
        "国家能源集团准格尔能源有限责任公司|工会主席",
        "神东煤炭集团补连塔煤矿|综采队队长",
        "内蒙古伊泰集团有限公司|工会主席",
    ),
    "妇联": ("鄂尔多斯市妇女联合会|副主席", "鄂尔多斯市女企业家协会|会长", "东胜区妇女联合会|主席"),
    "青联": (
        "鄂尔多斯市青年联合会|副主席",
        "鄂尔多斯市创业孵化基地|总经理",
        "康巴什区第一中学|教师",
    ),
    "工商联": (
        "内蒙古伊泰集团有限公司|董事长",
        "内蒙古鄂尔多斯资源股份有限公司|总经理",
        "内蒙古汇能煤电集团有限公司|董事长",
        "内蒙古满世煤炭集团有限公司|总经理",
        "鄂尔多斯市东方路桥集团股份有限公司|董事长",
        "内蒙古蒙泰集团有限公司|副总经理",
        "鄂尔多斯市工商业联合会|副主席",
    ),
    "科协": ("鄂尔多斯市科学技术协会|副主席", "鄂尔多斯市林业和草原事业发展中心|正高级工程师"),
    "台联": ("鄂尔多斯市台湾同胞联谊会|会长", "鄂尔多斯市台商投资企业协会|秘书长"),
    "文化艺术界": (
        "鄂尔多斯市乌兰牧骑|队长、国家一级演员",
        "鄂尔多斯市文学艺术界联合会|主席",
        "鄂尔多斯市博物院|研究馆员",
        "鄂尔多斯市民族歌舞剧院|国家一级编剧",
        "鄂尔多斯书画院|院长",
    ),
    "科学技术界": (
        "鄂尔多斯市农牧业科学研究院|研究员",
        "内蒙古久泰能源有限公司|总工程师",
        "鄂尔多斯市环境监测站|正高级工程师",
        "远景科技集团鄂尔多斯零碳产业园|技术总监",
    ),
    "社会科学界": (
        "中共鄂尔多斯市委党校|教授",
        "鄂尔多斯市社会科学界联合会|副主席",
        "鄂尔多斯市档案史志馆|研究馆员",
        "鄂尔多斯应用技术学院|副教授",
    ),
    "经济界": (
        "鄂尔多斯农村商业银行股份有限公司|行长",
        "鄂尔多斯银行股份有限公司|副行长",
        "内蒙古亿利资源集团有限公司|副总裁",
        "中天合创能源有限责任公司|总经理",
        "内蒙古伊东资源集团股份有限公司|董事长",
        "隆基绿能鄂尔多斯基地|总经理",
        "鄂尔多斯市城市投资建设集团有限公司|董事长",
        "鄂尔多斯市财政局|副局长",
        "国家税务总局鄂尔多斯市税务局|副局长",
    ),
    "农业界": (
        "鄂尔多斯市农牧技术推广中心|推广研究员",
        "达拉特旗树林召镇现代农业专业合作社|理事长",
        "杭锦旗锡尼镇阿日善嘎查|党支部书记、嘎查长",
        "鄂托克旗阿尔巴斯绒山羊繁育有限公司|总经理",
        "乌审旗嘎鲁图镇巴音温都尔嘎查|党支部书记",
        "鄂尔多斯市农牧局|副局长",
        "准格尔旗沙圪堵镇小米种植合作社|理事长",
    ),
    "教育界": (
        "鄂尔多斯应用技术学院|副院长",
        "鄂尔多斯市第一中学|校长",
        "鄂尔多斯市蒙古族中学|校长",
        "东胜区第二小学|校长",
        "鄂尔多斯职业学院|教授",
        "鄂尔多斯市教育局|副局长",
    ),
    "体育界": ("鄂尔多斯市体育运动学校|校长", "鄂尔多斯市搏克协会|会长", "鄂尔多斯市体育局|副局长"),
    "新闻出版界": (
        "鄂尔多斯日报社|副总编辑",
        "鄂尔多斯广播电视台|副台长",
        "内蒙古日报社鄂尔多斯分社|社长",
    ),
    "医药卫生界": (
        "鄂尔多斯市中心医院|主任医师、科主任",
        "鄂尔多斯市蒙医医院|院长",
        "鄂尔多斯市妇幼保健院|副院长",
        "鄂尔多斯市疾病预防控制中心|主任",
        "准格尔旗人民医院|主任医师",
        "鄂尔多斯市第二人民医院|副主任医师",
    ),
    "对外友好界": ("鄂尔多斯市人民对外友好协会|副会长", "鄂尔多斯国际陆港有限公司|总经理"),
    "社会福利和社会保障界": (
        "鄂尔多斯市残疾人联合会|副理事长",
        "鄂尔多斯市社会福利院|院长",
        "鄂尔多斯市慈善总会|副会长",
    ),
    "少数民族界": (
        "鄂尔多斯市民族事务委员会|副主任",
        "成吉思汗陵旅游区管理委员会|副主任",
        "鄂尔多斯市蒙古族中学|副校长",
        "鄂托克前旗城川镇大沙头嘎查|嘎查长",
        "鄂尔多斯市蒙古语言文字工作委员会|研究员",
    ),
    "宗教界": (
        "鄂尔多斯市佛教协会|会长",
        "准格尔召|住持",
        "乌审召|住持",
        "鄂尔多斯市伊斯兰教协会|会长",
        "鄂尔多斯市天主教爱国会|副主任",
        "鄂尔多斯市基督教两会|主席",
    ),
    "特邀人士": (
        "原鄂尔多斯市人大常委会|副主任",
        "鄂尔多斯军分区|副司令员",
        "鄂尔多斯市公安局|副局长",
        "鄂尔多斯市消防救援支队|政治委员",
        "原鄂尔多斯市人民政府|副市长",
    ),
}
PARTY_NAMES: dict[str, str] = {
    "rcck": "民革",
    "cdl": "民盟",
    "cndca": "民建",
    "capd": "民进",
    "cpwdp": "农工党",
    "czgp": "致公党",
    "js": "九三学社",
    "tdsgl": "台盟",
}


class DepartmentSpec(NamedTuple):
    name: str
    kind: str
    is_handling_unit: bool = True


def _departments(kind: str, names: str, handling: bool = True) -> tuple[DepartmentSpec, ...]:
    return tuple(DepartmentSpec(name, kind, handling) for name in names.split())


DEPARTMENTS: tuple[DepartmentSpec, ...] = (
    *_departments(
        "party",
        "市委办公室 市委组织部 市委宣传部 市委统战部 市委政法委员会 市委政策研究室 "
        "市委网络安全和信息化委员会办公室 市委社会工作部",
    ),
    *_departments("party", "市委机构编制委员会办公室 市纪委监委", handling=False),
    *_departments("congress", "市人大常委会办公室", handling=False),
    *_departments("judicial", "市中级人民法院 市人民检察院"),
    *_departments(
        "government",
        "市人民政府办公室 市发展和改革委员会 市教育局 市科学技术局 市工业和信息化局 "
        "市民族事务委员会 市公安局 市民政局 市司法局 市财政局 市人力资源和社会保障局 "
        "市自然资源局 市生态环境局 市住房和城乡建设局 市交通运输局 市水利局 市农牧局 市商务局 "
        "市文化和旅游局 市卫生健康委员会 市退役军人事务局 市应急管理局 市审计局 市外事办公室 "
        "市国有资产监督管理委员会 市市场监督管理局 市统计局 市林业和草原局 市医疗保障局 "
        "市能源局 市体育局 市城市管理综合执法局 市行政审批和政务服务局 市信访局 市乡村振兴局 "
        "市大数据中心 国家税务总局鄂尔多斯市税务局",
    ),
    *_departments(
        "organisation",
        "市总工会 团市委 市妇女联合会 市科学技术协会 市工商业联合会 市残疾人联合会 "
        "市文学艺术界联合会 市归国华侨联合会",
    ),
    *_departments("organisation", "市红十字会", handling=False),
    *_departments("enterprise", "国网鄂尔多斯供电公司 中国移动鄂尔多斯分公司 鄂尔多斯市水务集团"),
    *_departments("other", "市气象局 市住房公积金管理中心 市消防救援支队"),
    *_departments("other", "市档案史志馆", handling=False),
)

# Counterpart departments of each committee (§16).
COUNTERPARTS: dict[str, tuple[str, ...]] = {
    "proposals": ("市委办公室", "市人民政府办公室"),
    "economy": ("市发展和改革委员会", "市工业和信息化局", "市商务局", "市财政局"),
    "agriculture": ("市农牧局", "市林业和草原局", "市水利局", "市乡村振兴局"),
    "environment": ("市生态环境局", "市自然资源局", "市能源局"),
    "education": ("市教育局", "市科学技术局", "市卫生健康委员会", "市体育局"),
    "social_legal": ("市委政法委员会", "市民政局", "市司法局", "市人力资源和社会保障局"),
    "ethnic_religious": ("市民族事务委员会", "市委统战部"),
    "culture_history": ("市委宣传部", "市文化和旅游局", "市档案史志馆"),
    "hmt_foreign": ("市外事办公室", "市归国华侨联合会", "市商务局"),
}


def localise(name: str, place: str) -> str:
    """A municipal name made local: 市教育局 → 旗教育局 in 准格尔旗, 鄂尔多斯市… → 准格尔旗…."""
    if place == CITY:
        return name
    local = place[-1]  # 市, 旗 or 区
    name = name.replace("中级人民法院", "人民法院").replace(CITY, place).replace("鄂尔多斯", place)
    if name.startswith("市"):
        name = local + name[1:]
    return name.replace("团市委", f"团{local}委")


# ---- people -------------------------------------------------------------------------

SURNAMES = (
    "王王王李李李张张张刘刘陈陈杨杨赵赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许"
    "傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江"
    "史顾侯邵孟龙万段雷钱汤尹常武乔贺赖龚文樊兰殷施牛"
)
MONGOL_SURNAMES = "奇包白韩鲍乌敖"
HUI_SURNAMES = "马马马丁白杨海"
MANCHU_SURNAMES = "关佟那赵金"
MALE_GIVEN = (
    "伟刚勇毅俊峰强军平东文辉力明永健世广志义兴良海山仁波宁福生龙元全国胜学祥才武新利清飞彬"
    "富顺杰涛昌成康星光达安岩中进林有坚和博诚振壮思群豪承乐功松善厚庆磊民友裕河哲江超浩亮政"
    "鹏泽晨士建家德泰盛雄钧冠腾航宏斌栋维启翔旭"
)
FEMALE_GIVEN = (
    "秀娟英华慧巧美娜静淑惠珠雅芝玉萍红玲芬芳燕彩春菊兰凤洁梅琳素云莲雪荣爱霞香月媛艳瑞佳嘉"
    "琼珍莉桂叶璐娅琦晶妍秋珊锦青倩婷婉瑾颖露瑶怡丹蓉君琴蕊薇菁岚馨韵悦冰爽欣晓枫芸菲丽敏"
)
MONGOL_MALE = (
    "巴特尔 额尔敦 宝音 那仁 苏和 乌力吉 朝鲁 巴雅尔 满都拉 孟和 布仁 特木尔 巴图 呼和 "
    "德力格尔 阿木古楞 吉日木图 宝力道 阿拉坦仓 敖特根 额尔敦巴雅尔 斯日古楞 毕力格 达来 "
    "图门 那顺 宝音德力格尔 哈斯巴根 其木德道尔吉 旺其格"
).split()
MONGOL_FEMALE = (
    "乌兰 其其格 斯琴 萨仁 高娃 娜仁花 图雅 乌日娜 格日勒 其木格 托娅 萨日娜 塔娜 乌云 "
    "阿拉坦其其格 斯琴高娃 娜布其 额尔登其其格 哈斯 乌兰图雅 吉日嘎拉 苏日娜"
).split()

# Ethnicity weights outside the minority and religious sectors (Ordos: ~20 % Mongolian).
ETHNICITIES: tuple[tuple[str, int], ...] = (
    ("汉族", 760),
    ("蒙古族", 190),
    ("回族", 20),
    ("满族", 20),
    ("达斡尔族", 5),
    ("鄂温克族", 5),
)
PHONE_PREFIXES = (
    "130 131 132 133 134 135 136 137 138 139 150 151 152 153 155 156 157 158 159 "
    "180 181 182 183 185 186 187 188 189"
).split()

JOIN_REASONS = ("增补",)
LEAVE_REASONS = (
    "工作调动，辞去委员职务",
    "调离本市",
    "本人申请辞去委员职务",
    "因健康原因辞去委员职务",
    "任职回避，不再担任委员",
)
TRANSFER_REASON = "根据工作需要调整专门委员会"
TERM_END_REASON = "本届任期届满"


# ---- logins -------------------------------------------------------------------------


class LoginSpec(NamedTuple):
    username: str
    full_name: str
    role: str  # portal.models.Role value, or "member" / "superuser"
    target: str = ""  # committee kind or department name the role is held on


LOGINS: tuple[LoginSpec, ...] = (
    LoginSpec("admin", "系统管理员", "superuser"),
    LoginSpec("office", "高建军", "office"),
    LoginSpec("staff", "李晓东", "committee_staff", "economy"),
    LoginSpec("vicechair", "王志强", "vice_chair"),
    LoginSpec("member", "", "member", "economy"),
    LoginSpec("unit", "刘海燕", "handling_unit", "市发展和改革委员会"),
    LoginSpec("reviewer", "赵文斌", "reviewer"),
    LoginSpec("editor", "钱玉兰", "archives_editor"),
)
# Vice-chairs in charge (§12) and the committees each oversees: every committee has one.
VICE_CHAIRS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("vicechair", "王志强", ("economy", "agriculture")),
    ("vicechair2", "李春梅", ("proposals", "social_legal")),
    ("vicechair3", "巴图孟和", ("environment", "education")),
    ("vicechair4", "张玉林", ("ethnic_religious", "hmt_foreign")),
    ("vicechair5", "刘晓燕", ("culture_history",)),
)
FIXED_USERNAMES: tuple[str, ...] = tuple(
    sorted({spec.username for spec in LOGINS} | {v[0] for v in VICE_CHAIRS})
)
EXTRA_MEMBER_ACCOUNTS = 19  # besides `member`; their username is the phone number
