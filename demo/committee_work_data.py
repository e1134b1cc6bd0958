"""Fixed texts of the committee-work demo (demo.committee_work): topics per
committee, places, reasons, outside participants."""

from __future__ import annotations

from committees.models.types import ActivityType as T

# Topics each committee works on (Ordos, 2020s): research, consultation and study subjects.
TOPICS: dict[str, tuple[str, ...]] = {
    "proposals": (
        "提高提案质量和办理实效",
        "重点提案督办落实情况",
        "提案办理协商机制建设",
        "优秀提案遴选工作",
    ),
    "economy": (
        "现代煤化工产业高端化发展",
        "优化营商环境三年行动落实情况",
        "零碳产业园建设",
        "民营经济高质量发展",
        "新能源装备制造产业链延链补链",
        "县域经济发展",
    ),
    "agriculture": (
        "乡村振兴与农牧民增收",
        "高标准农田建设",
        "现代畜牧业发展",
        "农村牧区人居环境整治",
        "农畜产品品牌建设",
    ),
    "environment": (
        "黄河流域生态保护和高质量发展",
        "库布其沙漠综合治理",
        "矿区生态修复",
        "水资源节约集约利用",
        "能源资源节约与“双碳”目标",
    ),
    "education": (
        "职业教育产教融合",
        "基层医疗卫生服务能力提升",
        "义务教育优质均衡发展",
        "全民健身公共服务体系",
        "科技创新平台建设",
    ),
    "social_legal": (
        "基层社会治理现代化",
        "养老服务体系建设",
        "法治化营商环境",
        "社区矛盾纠纷多元化解",
        "新就业形态劳动者权益保障",
    ),
    "ethnic_religious": (
        "铸牢中华民族共同体意识",
        "国家通用语言文字教育推广",
        "民族团结进步示范创建",
        "宗教事务依法管理",
    ),
    "culture_history": (
        "鄂尔多斯文史资料征集",
        "红色文化资源保护利用",
        "口述史征集与整理",
        "书香政协建设",
        "非物质文化遗产传承",
    ),
    "hmt_foreign": (
        "招商引资与对外开放",
        "港澳台侨联谊工作",
        "口岸经济发展",
        "海外鄂尔多斯籍人才联络",
    ),
}

# How an activity of each type is named, around a topic.
TITLES: dict[str, str] = {
    T.THEORY_STUDY: "学习贯彻党的创新理论暨{topic}专题学习",
    T.POLICY_BRIEFING: "{topic}相关政策宣讲",
    T.HEART_TO_HEART: "委员谈心交流会",
    T.RESEARCH: "{topic}专题调研",
    T.PARTY_DAY: "功能型党小组主题党日活动",
    T.INSPECTION: "{topic}专题视察",
    T.STUDY_TOUR: "赴外地考察学习{topic}经验",
    T.MEMBER_VISIT: "走访看望界别委员",
    T.SYMPOSIUM: "{topic}专题座谈会",
    T.INSIDE_BRIEFING: "{topic}知情明政吹风会",
    T.SITUATION_BRIEFING: "{topic}情况通报会",
    T.SEMINAR: "{topic}研讨交流会",
    T.MEMBER_LECTURE: "委员讲堂：{topic}",
    T.THINK_TANK_LECTURE: "智库讲堂：{topic}",
    T.SECTOR_ACTIVITY: "界别活动：{topic}进社区进企业",
    T.COMMITTEE_PLENARY: "专委会全体会议",
    T.DIRECTORS_MEETING: "主任会议",
    T.COUNTERPART_SYMPOSIUM: "旗区对口专委会工作座谈会",
    T.JOINT_MEETING: "秘书长和专委会主任联席会议",
    T.COMMITTEE_WORK_MEETING: "市政协专委会工作会议",
    T.PROPOSAL_ASSIGNMENT: "提案交办会",
    T.PROPOSAL_SYMPOSIUM: "提案工作座谈会",
    T.TRAINING: "委员履职能力培训",
    T.PROPOSAL_TRAINING: "全体委员提案工作培训",
    T.SECTOR_CONSULTATION: "界别协商：{topic}",
    T.TOPIC_CONSULTATION: "{topic}专题协商会",
    T.COUNTERPART_CONSULTATION: "{topic}对口协商",
}

# Types a committee holds in an ordinary year, with a weight.
COMMITTEE_TYPES: tuple[tuple[str, int], ...] = (
    (T.THEORY_STUDY, 4),
    (T.POLICY_BRIEFING, 2),
    (T.HEART_TO_HEART, 2),
    (T.RESEARCH, 6),
    (T.PARTY_DAY, 2),
    (T.INSPECTION, 3),
    (T.STUDY_TOUR, 1),
    (T.MEMBER_VISIT, 3),
    (T.SYMPOSIUM, 3),
    (T.INSIDE_BRIEFING, 1),
    (T.SITUATION_BRIEFING, 1),
    (T.SEMINAR, 1),
    (T.MEMBER_LECTURE, 1),
    (T.THINK_TANK_LECTURE, 1),
    (T.SECTOR_ACTIVITY, 2),
    (T.COMMITTEE_PLENARY, 1),
    (T.DIRECTORS_MEETING, 2),
    (T.COUNTERPART_SYMPOSIUM, 1),
    (T.SECTOR_CONSULTATION, 1),
    (T.TOPIC_CONSULTATION, 1),
    (T.COUNTERPART_CONSULTATION, 1),
)

ROOMS = (
    "市政协三楼会议室",
    "市政协五楼报告厅",
    "市政协一楼委员之家",
    "同心书屋",
    "康巴什区市民服务中心第二会议室",
)
FIELD_PLACES = (
    "准格尔旗大路工业园区",
    "达拉特旗光伏治沙基地",
    "伊金霍洛旗圣圆煤化工基地",
    "鄂托克旗蒙西工业园区",
    "杭锦旗库布其沙漠治理区",
    "乌审旗苏力德苏木",
    "东胜区交通街道社区",
    "鄂托克前旗城川镇",
)
LEAVE_REASONS = ("外出开会", "单位工作冲突", "出差在外", "身体不适", "参加上级培训")
OFFICIALS = (
    ("市发展和改革委员会", "副主任"),
    ("市工业和信息化局", "局长"),
    ("市生态环境局", "副局长"),
    ("市农牧局", "总农艺师"),
    ("市教育局", "副局长"),
    ("市卫生健康委员会", "主任"),
)
EXPERTS = (
    ("内蒙古大学", "教授"),
    ("鄂尔多斯应用技术学院", "副教授"),
    ("市委党校", "教授"),
    ("鄂尔多斯能源研究院", "研究员"),
)
