"""协商 of the region benchmark data set, written in bulk."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from consultations.models import (
    Consultation,
    Outcome,
    Participant,
    Plan,
    PlanItem,
    Post,
    Recommendation,
    Thread,
)
from members.selectors import members_in_office_on
from organisation.models import Body, Committee, Department
from portal.models import User

from .. import org_data
from .story import _days, _kind

CONSULTATIONS_PER_BODY_YEAR_REGION = 42  # 12 bodies × 10 years × 42 ≈ 5,000
THREAD_POSTS_REGION = 2000
BATCH = 5000


# ---- region ---------------------------------------------------------------------------------


def build_region(
    *, body_ids: list[int], per_year: int, posts: int, rng: random.Random, by: User
) -> str:
    """Ten years of held consultations per body (their plan items, outcomes, three
    recommendations each in every state, ten members' attendance), and one long thread."""
    kinds = [_kind(code) for code in ("plenary", "topic", "counterpart", "sector", "online")]
    now = timezone.now()
    this_year = timezone.localdate().year
    statuses = [s for s, _label in Recommendation.Status.choices]
    made = {"consultations": 0, "recommendations": 0, "participants": 0}
    for body_id in body_ids:
        committees = list(Committee.objects.filter(body_id=body_id).order_by("pk"))
        departments = list(Department.objects.filter(body_id=body_id).order_by("pk")[:20])
        members = list(
            members_in_office_on(body_id, timezone.localdate()).values_list("pk", flat=True)
        )
        if not committees or not departments:
            continue
        for year in range(this_year - 9, this_year + 1):
            plan = Plan.objects.create(
                body_id=body_id, year=year, title=f"{year}年度政协协商计划",
                status=Plan.Status.ISSUED, issued_on=dt.date(year, 2, 20),
                issued_doc=f"政协发〔{year}〕1号",
            )  # fmt: skip
            items = PlanItem.objects.bulk_create(
                PlanItem(
                    plan=plan,
                    title=f"{year}年协商课题{n + 1}",
                    kind=kinds[n % len(kinds)],
                    committee=committees[n % len(committees)],
                    month=n % 12 + 1,
                    is_key=n < 2 * len(committees),
                    order=n,
                )  # fmt: skip
                for n in range(per_year)
            )
            consultations = []
            for it in items:
                held_at = dt.datetime(year, it.month, 15, 9, tzinfo=timezone.get_current_timezone())
                if held_at > now:
                    continue
                consultations.append(
                    Consultation(
                        body_id=body_id,
                        plan_item=it,
                        committee_id=it.committee_id,
                        title=it.title,
                        kind=it.kind,
                        is_key=it.is_key,
                        status=Consultation.Status.HELD,
                        starts_at=held_at,
                        held_at=held_at,
                        place="协商议政厅",
                        created_by=by,
                        created_at=held_at - _days(60),
                    )  # fmt: skip
                )
            Consultation.objects.bulk_create(consultations)
            outcomes = Outcome.objects.bulk_create(
                Outcome(
                    consultation=c,
                    kind=Outcome.Kind.BRIEFING,
                    title=f"关于{c.title}的协商专报",
                    text="建议如下。",
                    sent_to="市委、市政府",
                    status=Outcome.Status.SENT,
                    sent_at=c.held_at + _days(20),
                )  # fmt: skip
                for c in consultations
            )
            recs = [
                Recommendation(
                    outcome=o,
                    number=n + 1,
                    text=f"建议{n + 1}",
                    department=departments[rng.randrange(len(departments))],
                    deadline=(o.sent_at + _days(60)).date(),
                    status=rng.choice(statuses),
                )  # fmt: skip
                for o in outcomes
                for n in range(3)
            ]
            Recommendation.objects.bulk_create(recs, batch_size=BATCH)
            seats = [
                Participant(
                    consultation=c,
                    kind=Participant.Kind.MEMBER,
                    member_id=member_id,
                    attendance=rng.choice(["present", "present", "present", "absent"]),
                )  # fmt: skip
                for c in consultations
                for member_id in rng.sample(members, min(10, len(members)))
            ]
            Participant.objects.bulk_create(seats, batch_size=BATCH)
            made["consultations"] += len(consultations)
            made["recommendations"] += len(recs)
            made["participants"] += len(seats)
    # The long thread is the municipal body's (the demo logins' body), else the first one's.
    municipal = Body.objects.filter(pk__in=body_ids, name=org_data.MUNICIPAL.name).first()
    first = municipal.pk if municipal else (body_ids[0] if body_ids else None)
    thread_posts = 0
    if first is not None:
        members = list(
            members_in_office_on(first, timezone.localdate()).values_list("pk", flat=True)
        )
        if members:
            thread = Thread.objects.create(
                body_id=first, title="网络议政：区域协调发展", description="请委员发表意见。",
                audience=Thread.Audience.ALL, closes_at=now + _days(30),
                status=Thread.Status.OPEN, opened_at=now - _days(30), created_by=by,
            )  # fmt: skip
            Post.objects.bulk_create(
                (
                    Post(
                        thread=thread,
                        member_id=members[n % len(members)],
                        text=f"第{n + 1}条意见：建议加强区域协作。",
                        created_at=now - _days(30) + dt.timedelta(minutes=n),
                    )  # fmt: skip
                    for n in range(posts)
                ),
                batch_size=BATCH,
            )
            thread_posts = posts
    return (
        f"协商：{made['consultations']} 项，建议 {made['recommendations']} 条，"
        f"参加人员 {made['participants']} 人次，网络议政发言 {thread_posts} 条。"
    )
