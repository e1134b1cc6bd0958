"""Every state and transition of 社情民意, in one place (STYLE.md). Services perform them
with `REPORT.move(report, target, by=user, comment=...)`, which checks who acts, refuses
in Chinese and writes the transition log (the item's 处理记录).

An item's path (SPEC §3.5, article 11):

- 草稿 → 待受理 (alone or collective), or 草稿 → 待联名确认 → 待受理 once every co-author
  answered (back to 草稿 when the writer takes it back); 撤回 by the writer before 受理;
- 待受理 → 已受理 (numbered, e.g. 2026-0315) / 退回修改 (with a comment; the writer edits
  and submits again) / 不予采用 (with a standard reason) / 转为提案线索 / 转交有关部门 /
  已合并 (into a 综合 item), by the information editors;
- 已受理 → 已编发 (its issue of 《社情民意》 is published) → 已采用 (an adoption recorded);
  an accepted item may also be adopted directly, merged or passed on.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from portal.workflow import Transition, Workflow

from .access import edits, powers_of, writes
from .models import Author, Issue, Report

S = Report.Status

REPORT = Workflow(
    Transition(S.DRAFT, S.SUBMITTED, _("提交"), allowed=writes),
    Transition(S.DRAFT, S.AWAITING_COAUTHORS, _("提交联名确认"), allowed=writes),
    # The last co-author's answer completes the round (a system move: by=None, system=True).
    Transition(S.AWAITING_COAUTHORS, S.SUBMITTED, _("联名确认完成"), allowed=writes),
    Transition(S.AWAITING_COAUTHORS, S.DRAFT, _("收回修改"), allowed=writes),
    Transition(S.SUBMITTED, S.WITHDRAWN, _("撤回"), allowed=writes),
    Transition(S.SUBMITTED, S.ACCEPTED, _("受理"), allowed=edits),
    Transition(S.SUBMITTED, S.RETURNED, _("退回修改"), allowed=edits, needs_comment=True),
    Transition(S.SUBMITTED, S.REJECTED, _("不予采用"), allowed=edits),
    Transition(S.SUBMITTED, S.TO_PROPOSAL, _("转为提案线索"), allowed=edits),
    Transition(S.SUBMITTED, S.TO_DEPARTMENT, _("转交有关部门"), allowed=edits, needs_comment=True),
    Transition(S.SUBMITTED, S.MERGED, _("合并"), allowed=edits),
    Transition(S.RETURNED, S.SUBMITTED, _("修改后重新提交"), allowed=writes),
    Transition(S.RETURNED, S.WITHDRAWN, _("撤回"), allowed=writes),
    Transition(S.ACCEPTED, S.PUBLISHED, _("编发"), allowed=edits),
    Transition(S.ACCEPTED, S.ADOPTED, _("登记采用"), allowed=edits),
    Transition(S.ACCEPTED, S.MERGED, _("合并"), allowed=edits),
    Transition(S.ACCEPTED, S.TO_PROPOSAL, _("转为提案线索"), allowed=edits),
    Transition(S.ACCEPTED, S.TO_DEPARTMENT, _("转交有关部门"), allowed=edits, needs_comment=True),
    Transition(S.PUBLISHED, S.ADOPTED, _("登记采用"), allowed=edits),
)

# The editor's decisions offered on an item in the queue (the target states).
DECISIONS = (S.ACCEPTED, S.RETURNED, S.REJECTED, S.TO_PROPOSAL, S.TO_DEPARTMENT)


def _coauthor_may_answer(author: Author, user) -> bool:
    return author.member.user_id == user.pk


A = Author.Status

COAUTHOR = Workflow(
    Transition(A.INVITED, A.CONFIRMED, _("确认联名"), allowed=_coauthor_may_answer),
    Transition(A.INVITED, A.DECLINED, _("谢绝联名"), allowed=_coauthor_may_answer),
)


def _edits_issue(issue: Issue, user) -> bool:
    return user.is_authenticated and user.body_id == issue.body_id and powers_of(user).edits


ISSUE = Workflow(
    Transition(Issue.Status.DRAFT, Issue.Status.PUBLISHED, _("印发"), allowed=_edits_issue),
)
