"""The government departments (the handling units) and the committees' counterparts, localised
per body."""

from __future__ import annotations

from typing import NamedTuple

from .bodies import CITY


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
