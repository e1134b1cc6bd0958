"""The shared transition helper (portal.workflow) and its log, on the import batch."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from portal.imports.services import WORKFLOW
from portal.models import ImportBatch, TransitionLog
from portal.workflow import Transition, Workflow, transitions_of


@pytest.fixture
def batch(org):
    return ImportBatch.objects.create(
        body=org.body,
        kind="departments",
        file=ContentFile(b"x", name="a.xlsx"),
        original_name="a.xlsx",
        sha256="0" * 64,
        created_by=org.office,
    )


def test_a_move_changes_the_state_and_logs_who_when_and_why(batch, org):
    log = WORKFLOW.move(batch, ImportBatch.Status.DISCARDED, by=org.office, comment=" 重复上传 ")
    assert batch.status == "discarded"
    assert (log.from_state, log.to_state, log.actor, log.comment) == (
        "previewed",
        "discarded",
        org.office,
        "重复上传",
    )
    assert list(transitions_of(batch)) == [log]


def test_an_illegal_move_is_refused_in_chinese_and_logs_nothing(batch, org):
    batch.status = ImportBatch.Status.CONFIRMED
    batch.save(update_fields=["status"])
    with pytest.raises(ValidationError) as error:
        WORKFLOW.move(batch, ImportBatch.Status.DISCARDED, by=org.office)
    assert error.value.messages == ["当前状态「已导入」不能变为「已放弃」。"]
    assert batch.status == "confirmed" and not TransitionLog.objects.exists()


def test_repeating_a_move_is_refused(batch, org):
    WORKFLOW.move(batch, ImportBatch.Status.CONFIRMED, by=org.office)
    batch.save(update_fields=["status"])
    with pytest.raises(ValidationError) as error:
        WORKFLOW.move(batch, ImportBatch.Status.CONFIRMED, by=org.office)
    assert "无需重复操作" in error.value.messages[0]
    assert TransitionLog.objects.count() == 1


def test_the_wrong_person_is_refused(batch, org, other_org):
    for outsider in (org.staff, org.member_user, other_org.office):
        with pytest.raises(ValidationError) as error:
            WORKFLOW.move(batch, ImportBatch.Status.CONFIRMED, by=outsider)
        assert "无权" in error.value.messages[0]
    assert batch.status == "previewed"


def test_available_lists_only_what_the_user_may_do(batch, org):
    assert {t.target for t in WORKFLOW.available(batch, org.office)} == {"confirmed", "discarded"}
    assert WORKFLOW.available(batch, org.staff) == []
    assert WORKFLOW.can(batch, "confirmed", org.office)
    assert not WORKFLOW.can(batch, "previewed", org.office)


def test_a_transition_that_needs_a_reason_refuses_an_empty_comment(batch, org):
    flow = Workflow(Transition("previewed", "discarded", "放弃", needs_comment=True))
    with pytest.raises(ValidationError) as error:
        flow.move(batch, "discarded", by=org.office, comment="  ")
    assert error.value.messages == ["「放弃」需要填写意见。"]


def test_a_table_with_a_duplicate_transition_is_a_programming_error():
    with pytest.raises(ValueError):
        Workflow(Transition("a", "b", "x"), Transition("a", "b", "y"))


def test_a_stale_copy_is_judged_by_the_state_committed_meanwhile(batch, org):
    stale = ImportBatch.objects.get(pk=batch.pk)
    WORKFLOW.move(batch, ImportBatch.Status.CONFIRMED, by=org.office)
    batch.save(update_fields=["status"])
    with pytest.raises(ValidationError) as error:
        WORKFLOW.move(stale, ImportBatch.Status.DISCARDED, by=org.office)
    assert error.value.messages == ["当前状态「已导入」不能变为「已放弃」。"]
    assert stale.status == "confirmed"  # the copy now shows what is stored
    assert ImportBatch.objects.get(pk=batch.pk).status == "confirmed"
    assert TransitionLog.objects.count() == 1


def test_a_move_without_an_actor_must_say_it_is_a_system_move(batch, org):
    with pytest.raises(ValueError):
        WORKFLOW.move(batch, ImportBatch.Status.CONFIRMED, by=None)
    assert batch.status == "previewed" and not TransitionLog.objects.exists()
    log = WORKFLOW.move(batch, ImportBatch.Status.CONFIRMED, by=None, system=True)
    assert (batch.status, log.actor, log.to_state) == ("confirmed", None, "confirmed")


def test_a_system_move_still_obeys_the_table(batch, org):
    batch.status = ImportBatch.Status.DISCARDED
    batch.save(update_fields=["status"])
    with pytest.raises(ValidationError):
        WORKFLOW.move(batch, ImportBatch.Status.CONFIRMED, by=None, system=True)
    assert not TransitionLog.objects.exists()
