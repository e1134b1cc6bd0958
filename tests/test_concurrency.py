"""Concurrent decisions (issue 11): two people deciding on the same record at the same
moment, in two threads with a connection each, against PostgreSQL. Exactly one wins, the
other is refused with a Chinese message, and nothing is half-done.

How it holds: every service takes the record's row lock, and `Workflow.move` re-reads the
state under that lock, so the second decision waits for the first to commit and is then
judged on the new state by the transition table. The attendance sheet carries the version
it was drawn from; the import batch is locked by its confirm."""

from __future__ import annotations

import datetime as dt
import io
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections, transaction
from django.utils import timezone
from openpyxl import Workbook

from committees.models import Activity, ActivityInvitation, WorkPlan
from committees.selectors.activities import attendance_version
from committees.services import activities as activity_services
from committees.services import plans as plan_services
from organisation.models import Department
from portal import imports
from portal.models import ImportBatch, Notification, Role, TransitionLog
from portal.services import role_grant
from proposals import services as proposal_services
from proposals.models import Proposal

from . import committee_work_helpers as work
from . import proposals_helpers as ph
from .factories import UserFactory

# Transactional (threads need committed rows); the database's rows are put back after each
# test (serialized_rollback and tests/conftest.py).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def race(*actions: Callable[[], Any]) -> list[tuple[str, Any]]:
    """Run the actions at once, one thread and one database connection each; every result
    is ("ok", value) or ("refused", messages)."""
    barrier = threading.Barrier(len(actions))
    results: list[tuple[str, Any]] = [("not run", None)] * len(actions)

    def run(index: int, action: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = ("ok", action())
        except ValidationError as error:
            results[index] = ("refused", error.messages)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            results[index] = ("crashed", repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a decision never finished (deadlock?)"
    assert all(kind in ("ok", "refused") for kind, _value in results), results
    return results


def one_winner(results: list[tuple[str, Any]]) -> tuple[int, list[str]]:
    """The index of the only success, and the messages of the only refusal."""
    kinds = [kind for kind, _value in results]
    assert sorted(kinds) == ["ok", "refused"], results
    winner = kinds.index("ok")
    return winner, results[1 - winner][1]


def log_of(obj) -> list[tuple[str, str]]:
    return list(
        TransitionLog.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
        )
        .order_by("pk")
        .values_list("from_state", "to_state")
    )


def second(org, role: str, **scope):
    user = UserFactory(username=f"second-{role}@{org.body.pk}", full_name="第二位", body=org.body)
    role_grant(user=user, role=role, body=org.body, by=None, **scope)
    return user


# ---- the kernel: Workflow.move itself locks --------------------------------------------


def test_move_locks_the_row_so_a_stale_copy_is_judged_on_the_committed_state(org):
    """Two callers that did not lock the record themselves, each with a copy read before
    either moved: move's own row lock makes the second wait, then the table refuses it."""
    batch = imports.import_preview(
        body=org.body,
        kind="departments",
        upload=SimpleUploadedFile("单位.xlsx", _department_sheet(), content_type=imports.XLSX_TYPE),
        by=org.office,
    )
    copies = [ImportBatch.objects.get(pk=batch.pk) for _ in range(2)]

    def decide(copy: ImportBatch, target: str) -> str:
        with transaction.atomic():
            imports.WORKFLOW.move(copy, target, by=org.office)
            time.sleep(0.3)  # hold the lock while the other caller arrives
            copy.save(update_fields=["status"])
        return target

    results = race(
        lambda: decide(copies[0], ImportBatch.Status.CONFIRMED),
        lambda: decide(copies[1], ImportBatch.Status.DISCARDED),
    )
    winner, refusal = one_winner(results)
    batch.refresh_from_db()
    outcome = ["confirmed", "discarded"][winner]
    assert batch.status == outcome
    assert log_of(batch) == [("previewed", outcome)]
    assert "不能变为" in refusal[0]


# ---- two reviewers decide the same proposal -----------------------------------------------


def test_two_reviewers_filing_and_rejecting_the_same_proposal_one_decision_stands(org):
    proposal = ph.submitted(org)
    other_reviewer = second(org, Role.REVIEWER)
    stale_a = Proposal.objects.get(pk=proposal.pk)
    stale_b = Proposal.objects.get(pk=proposal.pk)
    results = race(
        lambda: proposal_services.proposal_decide(
            proposal=stale_a, by=org.reviewer, review=proposal_services.Review(decision="file")
        ),
        lambda: proposal_services.proposal_decide(
            proposal=stale_b,
            by=other_reviewer,
            review=proposal_services.Review(decision="reject", ground="litigation", conversion=""),
        ),
    )
    winner, refusal = one_winner(results)
    proposal.refresh_from_db()
    decided = ["filed", "not_filed"][winner]
    assert proposal.status == decided
    assert proposal.reviewed_by == [org.reviewer, other_reviewer][winner]
    # Filed: numbered; rejected: no number, no ground left from the other decision.
    assert bool(proposal.number) == (decided == "filed")
    assert (proposal.not_filed_ground == "litigation") == (decided == "not_filed")
    assert log_of(proposal)[-1] == ("submitted", decided)
    assert [to for _f, to in log_of(proposal)].count(decided) == 1
    assert len(log_of(proposal)) == 2  # submitted, then one decision
    assert "不在审查阶段" in refusal[0] or "不能变为" in refusal[0]


def test_two_reviewers_filing_the_same_proposal_number_it_once(org):
    proposal = ph.submitted(org)
    other_reviewer = second(org, Role.REVIEWER)
    copies = [Proposal.objects.get(pk=proposal.pk) for _ in range(2)]
    results = race(
        *[
            (
                lambda copy=copy, by=by: proposal_services.proposal_decide(
                    proposal=copy, by=by, review=proposal_services.Review(decision="file")
                )
            )
            for copy, by in zip(copies, [org.reviewer, other_reviewer], strict=True)
        ]
    )
    _winner, refusal = one_winner(results)
    proposal.refresh_from_db()
    assert proposal.status == "filed" and proposal.serial == 1
    assert Proposal.objects.exclude(number="").count() == 1
    assert log_of(proposal) == [("draft", "submitted"), ("submitted", "filed")]
    # The proposer is told once.
    assert (
        Notification.objects.filter(recipient=org.member_user, title__contains="已立案").count()
        == 1
    )
    assert "不在审查阶段" in refusal[0] or "无需重复操作" in refusal[0]


# ---- a vice-chair approves while the staff cancel -----------------------------------------


def test_approving_a_major_activity_while_the_staff_cancel_it_loses_no_decision(org):
    """Cancelling an approved activity is a legal move, so both may succeed, one after the
    other; what must never happen is a lost update (an approval written over a cancel)."""
    activity = work.draft_activity(org, is_major=True)
    activity = activity_services.activity_submit(activity=activity, by=org.staff)
    assert activity.status == Activity.Status.PENDING
    approve_copy = Activity.objects.get(pk=activity.pk)
    cancel_copy = Activity.objects.get(pk=activity.pk)
    results = race(
        lambda: activity_services.activity_decide(
            activity=approve_copy, approve=True, by=org.vice_chair
        ),
        lambda: activity_services.activity_cancel(
            activity=cancel_copy, reason="场地临时无法使用", by=org.staff
        ),
    )
    activity.refresh_from_db()
    log = log_of(activity)
    # Each logged move starts where the one before ended: nobody decided on a stale state.
    assert all(a[1] == b[0] for a, b in zip(log, log[1:], strict=False))
    assert activity.status == Activity.Status.CANCELLED == log[-1][1]
    if results[0][0] == "refused":  # the cancel came first: nothing left to approve
        assert results[0][1] == ["当前状态「已取消」不能变为「已批准」。"]
        assert log == [("draft", "pending"), ("pending", "cancelled")]
        assert activity.decided_by_id is None
    else:
        assert results[1][0] == "ok"
        assert log == [("draft", "pending"), ("pending", "approved"), ("approved", "cancelled")]


def test_a_vice_chair_approving_and_returning_the_same_plan_at_once_one_decision_stands(org):
    plan = work.plan(org)
    plan = plan_services.plan_submit(plan=plan, by=org.staff)
    copies = [WorkPlan.objects.get(pk=plan.pk) for _ in range(2)]
    results = race(
        lambda: plan_services.plan_decide(plan=copies[0], approve=True, by=org.vice_chair),
        lambda: plan_services.plan_decide(
            plan=copies[1], approve=False, comment="请补充调研安排", by=org.vice_chair
        ),
    )
    winner, refusal = one_winner(results)
    plan.refresh_from_db()
    outcome = ["approved", "returned"][winner]
    assert plan.status == outcome
    assert log_of(plan) == [("draft", "submitted"), ("submitted", outcome)]
    loser = ["returned", "approved"][winner]
    now, wanted = WorkPlan.Status(outcome).label, WorkPlan.Status(loser).label
    assert refusal == [f"当前状态「{now}」不能变为「{wanted}」。"]
    # The submitter is told of the decision that stands, once.
    assert Notification.objects.filter(recipient=org.staff, title__contains=plan.title).count() == 1


# ---- two staff save the same attendance sheet ----------------------------------------------


def _held_with_invitees(org):
    members = [work.new_member(org, name=f"委员{n}") for n in range(3)]
    start = timezone.now() - dt.timedelta(days=1)
    activity = work.published_activity(org, members=members, starts_at=start)
    activity = activity_services.activity_mark_held(activity=activity, by=org.staff)
    invitations = list(ActivityInvitation.objects.filter(activity=activity).order_by("pk"))
    return activity, invitations


def test_two_staff_saving_the_same_attendance_sheet_the_second_is_told_to_reload(org):
    activity, invitations = _held_with_invitees(org)
    colleague = second(org, Role.COMMITTEE_STAFF, committee=org.economy)
    seen = attendance_version(invitations)  # both opened the same sheet
    everyone_present = {i.pk: ("present", "") for i in invitations}
    everyone_absent = {i.pk: ("absent", "") for i in invitations}
    results = race(
        lambda: activity_services.attendance_record(
            activity=Activity.objects.get(pk=activity.pk),
            entries=everyone_present,
            by=org.staff,
            seen=seen,
        ),
        lambda: activity_services.attendance_record(
            activity=Activity.objects.get(pk=activity.pk),
            entries=everyone_absent,
            by=colleague,
            seen=seen,
        ),
    )
    winner, refusal = one_winner(results)
    stored = set(
        ActivityInvitation.objects.filter(activity=activity).values_list(
            "attendance", "recorded_by"
        )
    )
    expected = ["present", "absent"][winner], [org.staff, colleague][winner].pk
    assert stored == {expected}  # the whole sheet is the winner's, never a mix
    assert refusal == ["考勤已被他人修改并保存，您这次的登记未保存。请核对最新登记后重新保存。"]
    activity.refresh_from_db()
    assert activity.attendance_recorded_at is not None


def test_the_attendance_page_refuses_a_sheet_saved_meanwhile_and_shows_the_stored_one(client, org):
    from django.urls import reverse

    activity, invitations = _held_with_invitees(org)
    url = reverse("committees:activity_attendance", args=[activity.pk])
    client.force_login(org.staff)
    version = client.get(url).context["version"]
    activity_services.attendance_record(
        activity=activity, entries={i.pk: ("present", "") for i in invitations}, by=org.staff
    )
    data = {"version": version} | {f"attendance_{i.pk}": "absent" for i in invitations}
    response = client.post(url, data)
    assert "考勤已被他人修改并保存" in response.content.decode()
    assert set(
        ActivityInvitation.objects.filter(activity=activity).values_list("attendance", flat=True)
    ) == {"present"}
    # The page now shows the stored sheet with its version: saving again goes through.
    assert response.context["version"] == attendance_version(invitations_of(activity))
    assert {i.attendance for i in response.context["invitations"]} == {"present"}
    data["version"] = response.context["version"]
    assert client.post(url, data).status_code == 302
    assert set(
        ActivityInvitation.objects.filter(activity=activity).values_list("attendance", flat=True)
    ) == {"absent"}


def invitations_of(activity):
    return list(ActivityInvitation.objects.filter(activity=activity))


# ---- two imports confirm at once ----------------------------------------------------------


def _department_sheet() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["单位名称", "类型", "提案承办单位", "联系人", "联系电话", "地址"])
    for n in range(3):
        sheet.append([f"并发导入测试单位{n}", "", "是", "", "", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_two_offices_confirming_the_same_import_import_it_once(org):
    other_office = second(org, Role.OFFICE)
    batch = imports.import_preview(
        body=org.body,
        kind="departments",
        upload=SimpleUploadedFile("单位.xlsx", _department_sheet(), content_type=imports.XLSX_TYPE),
        by=org.office,
    )
    assert batch.status == ImportBatch.Status.PREVIEWED and batch.error_count == 0, batch.report
    before = Department.objects.filter(body=org.body).count()
    copies = [ImportBatch.objects.get(pk=batch.pk) for _ in range(2)]
    results = race(
        lambda: imports.import_confirm(batch=copies[0], by=org.office),
        lambda: imports.import_confirm(batch=copies[1], by=other_office),
    )
    winner, refusal = one_winner(results)
    assert Department.objects.filter(body=org.body).count() == before + 3
    assert Department.objects.filter(name__startswith="并发导入测试单位").count() == 3
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.CONFIRMED
    assert log_of(batch) == [("previewed", "confirmed")]
    assert TransitionLog.objects.get(object_id=batch.pk).actor == [org.office, other_office][winner]
    assert refusal == ["该记录已经是「已导入」状态，无需重复操作。"]


def test_confirming_while_another_office_discards_leaves_one_outcome(org):
    other_office = second(org, Role.OFFICE)
    batch = imports.import_preview(
        body=org.body,
        kind="departments",
        upload=SimpleUploadedFile("单位.xlsx", _department_sheet(), content_type=imports.XLSX_TYPE),
        by=org.office,
    )
    before = Department.objects.filter(body=org.body).count()
    results = race(
        lambda: imports.import_confirm(batch=ImportBatch.objects.get(pk=batch.pk), by=org.office),
        lambda: imports.import_discard(batch=ImportBatch.objects.get(pk=batch.pk), by=other_office),
    )
    winner, refusal = one_winner(results)
    batch.refresh_from_db()
    outcome = ["confirmed", "discarded"][winner]
    assert batch.status == outcome
    assert Department.objects.filter(body=org.body).count() == before + (
        3 if outcome == "confirmed" else 0
    )
    assert log_of(batch) == [("previewed", outcome)]
    assert "不能变为" in refusal[0]
