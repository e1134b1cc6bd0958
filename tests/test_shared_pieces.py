"""The pieces several modules share, written once (issue 8): the stored-file base, the upload
path, delete-on-commit, the approval fields of plans and major activities, the vice-chair
selector and the status badges."""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.template import Context, Template

from archives.models import CollectionPlan, Manuscript, ManuscriptFile, Volume
from committees.models import Activity, OfficePlan, WorkPlan
from committees.services import plans as plan_services
from consultations.models import Recommendation
from notices.models import Notice, NoticeAttachment
from organisation.selectors import vice_chair_of
from organisation.services import committee_set_vice_chair
from portal.badges import StatusBadge
from portal.files import StoredFile, delete_file_on_commit, random_file_name
from proposals.models import Attachment as ProposalAttachment
from proposals.models import Proposal, ProposalSigner
from public_opinion.models import Attachment as ReportAttachment
from public_opinion.models import Report

from . import committee_work_helpers as h

FILE_RECORDS = (ProposalAttachment, ReportAttachment, NoticeAttachment, ManuscriptFile)
WITH_BADGES = (
    WorkPlan,
    OfficePlan,
    Activity,
    Notice,
    Proposal,
    ProposalSigner,
    Recommendation,
    Manuscript,
    Volume,
    CollectionPlan,
    Report,
)


# ---- stored files --------------------------------------------------------------------------


def test_every_file_record_has_the_stored_file_fields():
    for model in FILE_RECORDS:
        assert issubclass(model, StoredFile), model
        fields = {f.name for f in model._meta.get_fields()}
        assert {"file", "name", "content_type", "size", "uploaded_by", "uploaded_at"} <= fields
    # A manuscript's recording may pass 2 GB: its size stays a big integer.
    assert ManuscriptFile._meta.get_field("size").get_internal_type() == "PositiveBigIntegerField"
    assert ProposalAttachment._meta.get_field("size").get_internal_type() == (
        "PositiveIntegerField"
    )


def test_a_stored_name_is_random_under_the_month_and_keeps_only_the_extension():
    first = random_file_name("notices", "../../etc/通知.PDF")
    second = random_file_name("notices", "../../etc/通知.PDF")
    assert first != second
    assert re.fullmatch(r"notices/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", first), first
    assert re.fullmatch(r"x/\d{4}/\d{2}/[0-9a-f]{32}\.bin", random_file_name("x", "README"))


@pytest.mark.parametrize(
    ("model", "folder"),
    [
        (ProposalAttachment, "proposals"),
        (ReportAttachment, "public_opinion"),
        (NoticeAttachment, "notices"),
        (ManuscriptFile, "archives"),
    ],
)
def test_each_modules_upload_path_is_the_shared_one(model, folder):
    upload_to = model._meta.get_field("file").upload_to
    assert re.fullmatch(
        rf"{folder}/\d{{4}}/\d{{2}}/[0-9a-f]{{32}}\.docx", upload_to(None, "a.docx")
    )


def _stored() -> NoticeAttachment:
    name = default_storage.save("shared/agenda.pdf", ContentFile(b"%PDF-1.4"))
    return NoticeAttachment(file=name)


@pytest.mark.django_db
def test_a_file_is_deleted_once_the_deletion_commits(django_capture_on_commit_callbacks):
    record = _stored()
    with django_capture_on_commit_callbacks(execute=True):
        delete_file_on_commit(record.file)
        assert default_storage.exists(record.file.name)  # not before the commit
    assert not default_storage.exists(record.file.name)


@pytest.mark.django_db
def test_a_rolled_back_deletion_keeps_the_file(django_capture_on_commit_callbacks):
    record = _stored()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            delete_file_on_commit(record.file)
            raise RuntimeError
    assert callbacks == []
    assert default_storage.exists(record.file.name)


# ---- approval and the vice-chair -------------------------------------------------------------


def test_a_resubmitted_plan_no_longer_carries_the_decision_it_was_returned_with(org):
    plan = h.plan(org)
    plan = plan_services.plan_submit(plan=plan, by=org.staff)
    plan = plan_services.plan_decide(plan=plan, approve=False, comment="请补充", by=org.vice_chair)
    plan.refresh_from_db()
    assert plan.decided_by == org.vice_chair and plan.decided_at is not None
    plan_services.plan_submit(plan=plan, by=org.staff)
    plan.refresh_from_db()
    assert plan.status == WorkPlan.Status.SUBMITTED
    assert plan.submitted_by == org.staff
    assert plan.decided_by is None and plan.decided_at is None
    assert plan.submitted_by_user(org.staff) and not plan.submitted_by_user(org.vice_chair)


def test_the_vice_chair_of_a_committee_is_asked_in_one_place(org):
    assert vice_chair_of(org.economy) == org.vice_chair
    assert vice_chair_of(org.education) is None
    committee_set_vice_chair(committee=org.economy, user=None, by=org.office)
    assert vice_chair_of(org.economy) is None


# ---- status badges ---------------------------------------------------------------------------


def test_every_badge_names_a_status_of_its_model():
    badged = {m for m in apps.get_models() if issubclass(m, StatusBadge)}
    assert set(WITH_BADGES) <= badged
    for model in badged:
        assert model.BADGES, model
        assert set(model.BADGES) <= set(model.Status.values), model


def _badge(obj) -> str:
    return Template("{% load portal_tags %}{% status_badge obj %}").render(Context({"obj": obj}))


def test_the_badge_tag_draws_the_colour_declared_with_the_status():
    assert _badge(Proposal(status=Proposal.Status.REHANDLING)) == (
        '<span class="badge text-bg-danger">重新办理中</span>'
    )
    assert _badge(Notice(status=Notice.Status.CLOSED)) == (
        '<span class="badge text-bg-dark">已结束</span>'
    )
    # Not listed: the model's default colour.
    assert 'class="badge text-bg-secondary"' in _badge(WorkPlan(status=WorkPlan.Status.DRAFT))
    assert 'class="badge text-bg-success"' in _badge(
        Recommendation(status=Recommendation.Status.IMPLEMENTED)
    )
    tagged = Template('{% load portal_tags %}{% status_badge obj id="s" %}').render(
        Context({"obj": Activity(status=Activity.Status.PENDING)})
    )
    assert tagged == '<span class="badge text-bg-warning" id="s">待审批</span>'
