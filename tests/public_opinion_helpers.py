"""Builders for 社情民意 tests: each goes through the services, as a member, committee
staff or an information editor of `tests.conftest.build_org` would in the portal."""

from __future__ import annotations

from members.models import Member
from portal.models import Role, User
from portal.services import role_grant
from public_opinion import services
from public_opinion.access import forget_powers
from public_opinion.models import Author, Report

from .conftest import Org
from .factories import UserFactory

SITUATION = "近年来，我市城区老旧小区加装电梯需求强烈，但协调难、资金筹措难的问题较为突出。"
ANALYSIS = "一是业主意见难统一；二是补贴政策申请流程繁琐；三是后期维护责任不清。"
SUGGESTIONS = "建议简化审批流程，设立专项补贴资金，明确维保责任主体。"


def info_editor(org: Org) -> User:
    """A holder of 社情民意编辑 in org's body (made once per org)."""
    username = f"infoeditor@{org.body.pk}"
    existing = User.objects.filter(username=username).first()
    if existing is not None:
        return existing
    user = UserFactory(username=username, full_name="信息科孙编辑", body=org.body)
    role_grant(user=user, role=Role.INFO_EDITOR, body=org.body, by=None)
    return user


def draft(**values) -> services.Draft:
    fields = {
        "title": "关于加快老旧小区加装电梯的建议",
        "situation": SITUATION,
        "analysis": ANALYSIS,
        "suggestions": SUGGESTIONS,
        "topic": Report.Topic.LIVELIHOOD,
    } | values
    return services.Draft(**fields)


def member_report(org: Org, *, user: User | None = None, **values) -> Report:
    user = user or org.member_user
    return services.report_create(body_id=org.body.pk, draft=draft(**values), by=user)


def submitted_report(org: Org, *, user: User | None = None, **values) -> Report:
    user = user or org.member_user
    report = member_report(org, user=user, **values)
    return services.report_submit(report=report, by=user)


def accepted_report(org: Org, *, user: User | None = None, **values) -> Report:
    report = submitted_report(org, user=user, **values)
    return services.report_accept(report=report, by=info_editor(org))


def joint_report(org: Org, coauthors: list[Member], *, confirm: bool = True) -> Report:
    report = member_report(org, coauthors=coauthors)
    report = services.report_submit(report=report, by=org.member_user)
    if confirm:
        for member in coauthors:
            author = Author.objects.get(report=report, member=member)
            services.coauthor_answer(author=author, confirm=True, by=member.user)
    report.refresh_from_db()
    return report


def refresh(user: User) -> User:
    forget_powers(user)
    return user


def bulk_reports(org: Org, count: int, *, status: str = Report.Status.SUBMITTED) -> None:
    """`count` items of the member (with the other member as confirmed co-author on every
    second one), written in bulk, to grow lists for query-count tests."""
    from django.utils import timezone

    now = timezone.now()
    rows = Report.objects.bulk_create(
        [
            Report(
                body=org.body,
                year=now.year,
                kind=Report.Kind.JOINT if i % 2 else Report.Kind.INDIVIDUAL,
                status=status,
                created_by=org.member_user,
                title=f"批量信息{i}",
                situation=SITUATION,
                suggestions=SUGGESTIONS,
                topic=Report.Topic.choices[i % 10][0],
                submitted_at=now,
                committee=org.economy,
                sector_group=org.economy_group,
            )
            for i in range(count)
        ]
    )
    authors = [
        Author(report=r, member=org.member, role="first", status="confirmed") for r in rows
    ] + [
        Author(report=r, member=org.other_member, role="co", status="confirmed", order=1)
        for i, r in enumerate(rows)
        if i % 2
    ]
    Author.objects.bulk_create(authors)
