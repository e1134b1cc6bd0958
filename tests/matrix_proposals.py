"""Who may open each URL of the proposals app (QUALITY.md items 2–3). The records are
made once per org through the services (tests.proposals_helpers): a draft, a joint
proposal awaiting signatures, one under review, a filed one, one being handled by
org.department, one replied to, an attachment and a communication."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from portal.models import Notification
from proposals import services
from proposals.models import Proposal, ReplyCategory

from . import proposals_helpers as h
from .conftest import Org
from .permissions import DONE, GONE, LOGIN, NO, OK, ROLES, Case

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _once(name: str, build: Callable[[Org], object]) -> Callable[[Org], object]:
    """Build a record once per org. The notifications its services sent are dropped, so
    that tests counting notifications see only their own."""

    def get(org: Org):
        cache = org.__dict__.setdefault("_proposal_matrix", {})
        if name not in cache:
            last = Notification.objects.order_by("-pk").values_list("pk", flat=True).first()
            cache[name] = build(org)
            Notification.objects.filter(pk__gt=last or 0).delete()
        return cache[name]

    return get


draft = _once("draft", lambda o: h.draft(o, title="关于完善城市公交线网的建议"))
submitted = _once("submitted", lambda o: h.submitted(o, title="关于加强黄河流域生态保护的建议"))
filed = _once("filed", lambda o: h.filed(o, title="关于发展羊绒产业集群的建议"))
assigned = _once("assigned", lambda o: h.assigned(o, title="关于推进煤矿智能化改造的建议"))
replied = _once("replied", lambda o: h.replied(o, title="关于提升中小学课后服务质量的建议"))
co_assigned = _once(
    "co",
    lambda o: h.assigned(
        o, title="关于完善乡村养老服务的建议", lead=o.other_department, co=[o.department]
    ),
)


def _fresh_submitted(org: Org) -> list[int]:
    """A new submitted proposal for each role: a decision by one role must not leave the
    next role a proposal that is no longer in review (the matrix checks real effects)."""
    return [h.submitted(org, title="关于加强黄河流域生态保护的建议").pk]


def _last_years_replied(org: Org) -> Proposal:
    """优秀提案 are chosen after the year: an answered proposal of last year."""
    proposal = h.replied(org, title="关于提升中小学课后服务质量的建议")
    Proposal.objects.filter(pk=proposal.pk).update(year=timezone.localdate().year - 1)
    proposal.refresh_from_db()
    return proposal


last_years_replied = _once("last_years_replied", _last_years_replied)


def _invites_member(org: Org) -> Proposal:
    """A joint proposal of the other member, inviting org.member to co-sign."""
    proposal = h.draft(
        org,
        by=org.other_member_user,
        kind=Proposal.Kind.JOINT,
        title="关于加快建设智慧校园的建议",
        signers=[org.member],
    )
    return services.proposal_submit(proposal=proposal, by=org.other_member_user)


inviting = _once("inviting", _invites_member)
awaiting = _once("awaiting", lambda o: h.joint_awaiting(o, title="关于发展低空经济的建议"))


def _attachment(org: Org, proposal: Proposal) -> int:
    return proposal.attachments.create(
        name="材料.pdf",
        content_type="application/pdf",
        size=len(PDF_BYTES),
        uploaded_by=proposal.author,
        file=SimpleUploadedFile("材料.pdf", PDF_BYTES),
    ).pk


draft_attachment = _once("draft_attachment", lambda o: _attachment(o, draft(o)))
assigned_attachment = _once("assigned_attachment", lambda o: _attachment(o, assigned(o)))


def _lead(org: Org) -> int:
    return h.lead_assignment(assigned(org)).pk


def _co(org: Org) -> int:
    return co_assigned(org).assignments.get(department=org.department).pk


communication = _once("communication", lambda o: h.contact(o, h.lead_assignment(assigned(o))).pk)


def _pk(build: Callable[[Org], Proposal]) -> Callable[[Org], list]:
    return lambda org: [build(org).pk]


def expect(**overrides: int) -> dict[str, int]:
    """Anyone not named gets 404 (the proposal is not his to see); anonymous: login."""
    table = {role: GONE for role in ROLES}
    table["anon"] = LOGIN
    table.update(overrides)
    return table


def managers_only(ok: int = OK) -> dict[str, int]:
    table = {role: NO for role in ROLES}
    table.update(anon=LOGIN, office=ok, outsider=ok)
    return table


SEEN_BY_HANDLERS = {"member": OK, "unit": OK, "reviewer": OK, "office": OK}
ONLY_UNIT = {"member": NO, "reviewer": NO, "office": NO, "unit": DONE}

TABLE: dict[str, Case] = {
    "proposals:proposal_list": Case(expect={**{r: OK for r in ROLES}, "anon": LOGIN}),
    "proposals:proposal_export": Case(
        args=lambda o: ["xlsx"], expect={**{r: OK for r in ROLES}, "anon": LOGIN}
    ),
    "proposals:proposal_create": Case(
        # The office registers collective proposals of parties, organisations and sectors
        # (the outsider is another body's office: in his own body).
        expect={
            **{r: NO for r in ROLES},
            **{"anon": LOGIN, "member": OK, "staff": OK, "office": OK, "outsider": OK},
        }
    ),
    "proposals:proposal_detail": Case(args=_pk(assigned), expect=expect(**SEEN_BY_HANDLERS)),
    "proposals:proposal_edit": Case(args=_pk(draft), expect=expect(member=OK)),
    "proposals:proposal_submit": Case(args=_pk(draft), expect=expect(member=OK)),
    "proposals:proposal_withdraw": Case(method="post", args=_pk(draft), expect=expect(member=DONE)),
    "proposals:proposal_recall": Case(
        method="post", args=_pk(awaiting), expect=expect(member=DONE)
    ),
    "proposals:proposal_sign": Case(
        method="post",
        args=_pk(inviting),
        data=lambda o: {"answer": "confirm"},
        expect=expect(member=DONE),
    ),
    "proposals:attachment_upload": Case(
        method="post",
        args=_pk(draft),
        data=lambda o: {"file": SimpleUploadedFile("说明.pdf", PDF_BYTES)},
        expect=expect(member=DONE),
    ),
    "proposals:attachment_download": Case(
        args=lambda o: [assigned_attachment(o)], expect=expect(**SEEN_BY_HANDLERS)
    ),
    "proposals:attachment_delete": Case(
        method="post", args=lambda o: [draft_attachment(o)], expect=expect(member=DONE)
    ),
    "proposals:proposal_pdf": Case(args=_pk(assigned), expect=expect(**SEEN_BY_HANDLERS)),
    "proposals:proposal_evaluate": Case(
        method="post",
        args=_pk(replied),
        data=lambda o: {"result": "satisfied"},
        expect=expect(member=DONE, unit=NO, reviewer=NO, office=NO),
    ),
    "proposals:communication_answer": Case(
        method="post",
        args=lambda o: [communication(o)],
        data=lambda o: {"answer": "confirm"},
        expect=expect(member=DONE, unit=NO, reviewer=NO, office=NO),
    ),
    "proposals:review_queue": Case(
        expect={
            **{r: NO for r in ROLES},
            "anon": LOGIN,
            "reviewer": OK,
            "office": OK,
            "outsider": OK,
        }
    ),
    "proposals:proposal_review": Case(
        method="post",
        args=_fresh_submitted,
        data=lambda o: {"decision": "file"},
        expect=expect(member=NO, reviewer=DONE, office=DONE),
    ),
    "proposals:proposal_recommend": Case(
        method="post",
        args=_fresh_submitted,
        data=lambda o: {"decision": "file", "comment": "建议立案"},
        expect=expect(member=NO, reviewer=DONE, office=DONE),
    ),
    "proposals:proposal_confirm": Case(
        method="post", args=_pk(submitted), expect=expect(member=NO, reviewer=NO, office=DONE)
    ),
    "proposals:proposal_assign": Case(
        args=_pk(filed), expect=expect(member=NO, reviewer=NO, office=OK)
    ),
    "proposals:proposal_key": Case(
        method="post",
        args=_pk(filed),
        data=lambda o: {"is_key": "on", "leader": "王副市长"},
        expect=expect(member=NO, reviewer=NO, office=DONE),
    ),
    "proposals:proposal_excellent": Case(
        method="post",
        args=_pk(last_years_replied),
        data=lambda o: {"excellent": "on"},
        expect=expect(member=NO, unit=NO, reviewer=NO, office=DONE),
    ),
    "proposals:proposal_close": Case(
        method="post",
        args=_pk(replied),
        data=lambda o: {"comment": "提案者逾期未评价"},
        expect=expect(member=NO, unit=NO, reviewer=NO, office=DONE),
    ),
    "proposals:handling_progress": Case(expect=managers_only()),
    "proposals:statistics": Case(expect=managers_only()),
    "proposals:statistics_export": Case(args=lambda o: ["xlsx"], expect=managers_only()),
    "proposals:statistics_pdf": Case(expect=managers_only()),
    "proposals:category_list": Case(expect=managers_only()),
    "proposals:category_create": Case(expect=managers_only()),
    "proposals:category_edit": Case(
        args=lambda o: [ReplyCategory.objects.get(body=o.body, code="A").pk],
        expect={**managers_only(), "outsider": GONE},
    ),
    "proposals:unit_inbox": Case(expect={**{r: NO for r in ROLES}, "anon": LOGIN, "unit": OK}),
    "proposals:assignment_accept": Case(
        method="post", args=lambda o: [_lead(o)], expect=expect(**ONLY_UNIT)
    ),
    "proposals:assignment_return": Case(
        method="post",
        args=lambda o: [_lead(o)],
        data=lambda o: {"comment": "不属于本单位职责"},
        expect=expect(**ONLY_UNIT),
    ),
    "proposals:assignment_extend": Case(
        method="post",
        args=lambda o: [_lead(o)],
        data=lambda o: {
            "deadline": (timezone.localdate() + dt.timedelta(days=120)).isoformat(),
            "reason": "需跨部门协调",
        },
        expect=expect(member=NO, unit=NO, reviewer=NO, office=DONE),
    ),
    "proposals:communication_record": Case(
        method="post",
        args=lambda o: [_lead(o)],
        data=lambda o: {
            "contacted_on": timezone.localdate().isoformat(),
            "way": "phone",
            "summary": "电话沟通",
        },
        expect=expect(**ONLY_UNIT),
    ),
    "proposals:assignment_opinion": Case(
        method="post",
        args=lambda o: [_co(o)],
        data=lambda o: {"opinion": "同意主办单位意见"},
        expect=expect(**ONLY_UNIT),
    ),
    "proposals:assignment_reply": Case(
        args=lambda o: [_lead(o)], expect=expect(member=NO, reviewer=NO, office=NO, unit=OK)
    ),
}
