"""Exports and PDFs of the proposals app, built from selector results: the list (.xlsx /
.csv through portal.spreadsheets), a proposal with its replies and the statistics (PDF
through portal.pdf), the statistics as a spreadsheet."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.pdf import pdf_response
from portal.spreadsheets import Column, export_response

from .models import Proposal
from .selectors import Statistics, proposal_history

PROPOSAL_COLUMNS = [
    Column(_("案号"), lambda p: p.number),
    Column(_("年度"), lambda p: p.year),
    Column(_("标题"), lambda p: p.title),
    Column(_("提案方式"), lambda p: p.get_kind_display()),
    Column(_("提案人"), lambda p: p.proposer_label),
    Column(_("联名人数"), lambda p: p.co_count),
    Column(_("类别"), lambda p: p.get_category_display()),
    Column(_("状态"), lambda p: p.get_status_display()),
    Column(_("提交时间"), lambda p: p.submitted_at),
    Column(_("重点提案"), lambda p: p.is_key),
    Column(_("优秀提案"), lambda p: p.is_excellent),
]


def proposal_export(fmt: str, proposals: Iterable[Proposal]) -> HttpResponse:
    return export_response(fmt, _("提案"), PROPOSAL_COLUMNS, proposals)


def proposal_pdf(proposal: Proposal) -> HttpResponse:
    """The proposal as printed: its text, proposers, review, replies and evaluations."""
    context = {
        "proposal": proposal,
        "signers": proposal.signers.select_related("member").order_by("order", "id"),
        "replies": proposal.replies.select_related("assignment__department", "category").order_by(
            "round", "replied_at"
        ),
        "opinions": proposal.assignments.exclude(opinion="").select_related("department"),
        "evaluations": proposal.evaluations.select_related("evaluator").order_by(
            "round", "created_at"
        ),
        "communications": proposal.communications.select_related("assignment__department").order_by(
            "contacted_on"
        ),
        "history": proposal_history(proposal),
        "today": timezone.localdate(),
    }
    name = proposal.number or _("提案草稿")
    return pdf_response(
        "proposals/proposal_pdf.html", context, filename=f"{name}-{proposal.title[:30]}.pdf"
    )


@dataclass(frozen=True)
class StatLine:
    dimension: str
    name: str
    count: int | None
    filed: int | None = None
    replied: int | None = None
    overdue: int | None = None
    extra: tuple[int, ...] = ()


def statistics_lines(stats: Statistics) -> list[StatLine]:
    lines = [StatLine(_("合计"), label, n) for _key, label, n in stats.total_rows]
    lines += [StatLine(_("当前状态"), r.name, r.count) for r in stats.by_status]
    lines += [StatLine(_("提案方式"), r.name, r.count, r.filed) for r in stats.by_kind]
    lines += [StatLine(_("类别"), r.name, r.count, r.filed) for r in stats.by_category]
    lines += [StatLine(_("界别"), r.name, r.count, r.filed) for r in stats.by_sector]
    lines += [StatLine(_("专委会"), r.name, r.count, r.filed) for r in stats.by_committee]
    lines += [
        StatLine(_("承办单位"), u.name, u.assigned, None, u.replied, u.overdue, u.by_category)
        for u in stats.by_unit
    ]
    lines += [StatLine(_("答复类别"), r.name, r.count) for r in stats.by_reply_category]
    lines += [StatLine(_("满意度"), r.name, r.count) for r in stats.satisfaction]
    return lines


def statistics_export(fmt: str, stats: Statistics) -> HttpResponse:
    columns = [
        Column(_("统计维度"), lambda line: line.dimension),
        Column(_("项目"), lambda line: line.name),
        Column(_("件数"), lambda line: line.count),
        Column(_("立案"), lambda line: line.filed),
        Column(_("已答复"), lambda line: line.replied),
        Column(_("逾期未答复"), lambda line: line.overdue),
    ]
    for index, category in enumerate(stats.categories):
        columns.append(
            Column(
                _("答复%(code)s类") % {"code": category.code},
                lambda line, i=index: line.extra[i] if line.extra else None,
            )
        )
    return export_response(
        fmt, _("%(year)d年提案统计") % {"year": stats.year}, columns, statistics_lines(stats)
    )


def statistics_pdf(stats: Statistics, body_name: str) -> HttpResponse:
    return pdf_response(
        "proposals/statistics_pdf.html",
        {"stats": stats, "body_name": body_name, "today": timezone.localdate()},
        filename=f"{stats.year}年提案统计.pdf",
    )
