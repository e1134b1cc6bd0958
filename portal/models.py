"""Cross-cutting records: users and their roles, notifications, the transition log and
import batches, background jobs. Organisation records live in `organisation` and `members`."""

import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class User(AbstractUser):
    """A login. One person may hold several roles (see RoleAssignment)."""

    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("手机号码"), max_length=20, blank=True)
    body = models.ForeignKey(
        "organisation.Body",
        verbose_name=_("所属政协"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta(AbstractUser.Meta):
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.full_name or self.username


class Role(models.TextChoices):
    OFFICE = "office", _("办公室")
    COMMITTEE_STAFF = "committee_staff", _("专委会工作人员")
    VICE_CHAIR = "vice_chair", _("分管副主席")
    MEMBER = "member", _("委员")
    HANDLING_UNIT = "handling_unit", _("承办单位")
    REVIEWER = "reviewer", _("提案审查专家")
    ARCHIVES_EDITOR = "archives_editor", _("文史编审")
    INFO_EDITOR = "info_editor", _("社情民意编辑")
    CHAIR = "chair", _("主席")


# Which object each role is held on. The member role is not a row here: it is the link
# between a login and a Member record (members.Member.user).
COMMITTEE_ROLES = (Role.COMMITTEE_STAFF, Role.VICE_CHAIR)
DEPARTMENT_ROLES = (Role.HANDLING_UNIT,)
BODY_ROLES = (Role.OFFICE, Role.REVIEWER, Role.ARCHIVES_EDITOR, Role.INFO_EDITOR, Role.CHAIR)


class RoleAssignment(models.Model):
    """A role held by a user in a body, on a committee or for a department.

    Granting and revoking go through `portal.services.role_grant` / `role_revoke`,
    which keep the django-guardian object permissions in step with these rows.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    role = models.CharField(_("角色"), max_length=30, choices=Role.choices)
    body = models.ForeignKey(
        "organisation.Body", verbose_name=_("政协组织"), on_delete=models.CASCADE
    )
    committee = models.ForeignKey(
        "organisation.Committee",
        verbose_name=_("专门委员会"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    department = models.ForeignKey(
        "organisation.Department",
        verbose_name=_("单位"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    granted_at = models.DateTimeField(_("授予时间"), default=timezone.now)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("授予人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("角色分配")
        verbose_name_plural = _("角色分配")
        constraints = [
            models.CheckConstraint(
                name="role_object_matches_role",
                condition=(
                    Q(
                        role__in=[r.value for r in COMMITTEE_ROLES],
                        committee__isnull=False,
                        department__isnull=True,
                    )
                    | Q(
                        role__in=[r.value for r in DEPARTMENT_ROLES],
                        committee__isnull=True,
                        department__isnull=False,
                    )
                    | Q(
                        role__in=[r.value for r in BODY_ROLES],
                        committee__isnull=True,
                        department__isnull=True,
                    )
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "body"],
                condition=Q(committee__isnull=True, department__isnull=True),
                name="unique_body_role",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "committee"],
                condition=Q(committee__isnull=False),
                name="unique_committee_role",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "department"],
                condition=Q(department__isnull=False),
                name="unique_department_role",
            ),
            # SPEC §1: one vice-chair is in charge of a committee.
            models.UniqueConstraint(
                fields=["committee"],
                condition=Q(role="vice_chair"),
                name="one_vice_chair_per_committee",
            ),
        ]

    def __str__(self) -> str:
        target = self.committee or self.department or self.body
        return f"{self.user} · {self.get_role_display()} · {target}"


class Notification(models.Model):
    """One message to one person, shown in the portal and optionally emailed.

    `dedupe_key` makes a reminder idempotent: the same key for the same person is
    stored once, so a scheduled job that runs twice notifies nobody twice.

    `target` is the record the message is about. A notification that asks the recipient
    to do something names the work in `task` (a to-do kind's key, e.g.
    "committees.approval"); when the work is done, by whoever, the service that did it calls
    `portal.services.notifications_close(target=..., task=...)`, which sets `done_at` (and
    `read_at`): it leaves the unread count and reads as done.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=500, blank=True)
    dedupe_key = models.CharField(_("去重键"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)
    target_type = models.ForeignKey(
        ContentType,
        verbose_name=_("相关记录类型"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    target_id = models.PositiveBigIntegerField(_("相关记录编号"), null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    task = models.CharField(_("待办事项"), max_length=60, blank=True)
    done_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                condition=~Q(dedupe_key=""),
                name="notification_once_per_key",
            ),
            models.CheckConstraint(
                condition=Q(task="") | Q(target_id__isnull=False),
                name="notification_task_has_target",
            ),
        ]
        indexes = [
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="unread_idx"
            ),
            models.Index(
                fields=["target_type", "target_id"],
                condition=Q(done_at__isnull=True) & ~Q(task=""),
                name="open_task_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class EmailDelivery(models.Model):
    """The e-mail of one notification to one address, and what became of it.

    Created with its notification, in the same transaction (`portal.services.notify`); a
    Celery task per delivery sends it (`portal.tasks.send_email_delivery_task`), retrying
    with back-off when the mail server cannot be reached and recording a message the
    server refuses (or cannot be built) as failed with the error. The task locks the row
    and skips it once sent, so a message delivered twice (a worker killed mid-task) sends
    one e-mail. A delivery left 待发送 (the broker was down at commit) is queued again by
    the beat job `portal.tasks.requeue_deliveries_task`. The office sees them in /admin/.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("待发送")
        SENT = "sent", _("已发送")
        FAILED = "failed", _("失败")
        RETRYING = "retrying", _("重试中")

    notification = models.ForeignKey(
        Notification,
        verbose_name=_("通知"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    email = models.EmailField(_("邮箱"))
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField(_("尝试次数"), default=0)
    last_error = models.TextField(_("最近一次错误"), blank=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("邮件投递")
        verbose_name_plural = _("邮件投递")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "email"], name="email_delivery_once_per_address"
            ),
        ]
        indexes = [
            models.Index(
                fields=["status", "updated_at"],
                condition=~Q(status="sent"),
                name="email_delivery_open_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} · {self.get_status_display()}"


class TransitionLog(models.Model):
    """Every state change of every workflow: who, when, from, to and why."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    from_state = models.CharField(_("原状态"), max_length=40)
    to_state = models.CharField(_("新状态"), max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)
    comment = models.TextField(_("意见"), blank=True)

    class Meta:
        verbose_name = _("流转记录")
        verbose_name_plural = _("流转记录")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.from_state} → {self.to_state}"


class ImportBatch(models.Model):
    """One spreadsheet import: uploaded and previewed, then confirmed or discarded."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("待确认")
        CONFIRMED = "confirmed", _("已导入")
        DISCARDED = "discarded", _("已放弃")

    body = models.ForeignKey(
        "organisation.Body", verbose_name=_("政协组织"), on_delete=models.CASCADE
    )
    # A key of portal.registry.import_kinds (the modules register what can be imported).
    kind = models.CharField(_("类型"), max_length=20)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.PREVIEWED
    )
    file = models.FileField(_("文件"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("原文件名"), max_length=255)
    sha256 = models.CharField(_("文件摘要"), max_length=64)
    total_rows = models.PositiveIntegerField(_("行数"), default=0)
    new_rows = models.PositiveIntegerField(_("新增"), default=0)
    updated_rows = models.PositiveIntegerField(_("更新"), default=0)
    unchanged_rows = models.PositiveIntegerField(_("未变"), default=0)
    error_count = models.PositiveIntegerField(_("错误数"), default=0)
    # What the last run (dry or real) found: errors by row and column, rows that change.
    report = models.JSONField(_("预览结果"), default=dict, blank=True)
    # What the preview checked and the confirm writes, for a bulk import (see
    # portal.imports.resources): the rows as entries, the file's keys, and a digest of
    # the records they were checked against. Emptied once confirmed or discarded.
    plan = models.JSONField(_("导入计划"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("导入人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("上传时间"), default=timezone.now)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("导入批次")
        verbose_name_plural = _("导入批次")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind_label} · {self.original_name}"

    @property
    def kind_label(self) -> str:
        from .registry import import_kinds

        return str(import_kinds.get(self.kind).label) if self.kind in import_kinds else self.kind


def job_result_path(instance: "Job", filename: str) -> str:
    """A random stored name: the download name is kept apart (result_name)."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"jobs/{timezone.localdate():%Y/%m}/{secrets.token_hex(16)}.{ext}"


class Job(models.Model):
    """A long piece of work run in the background (a PDF of hundreds of pages, the PDFs of
    all members): what the person asked for, how far it got, its file or its error.
    Created by portal.jobs.job_start, run by a Celery worker (portal.tasks.run_job_task)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("正在生成")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    # A key of portal.registry.job_kinds (the modules register what can run).
    kind = models.CharField(_("类型"), max_length=40)
    title = models.CharField(_("名称"), max_length=200)
    params = models.JSONField(_("参数"), default=dict, blank=True)
    body = models.ForeignKey(
        "organisation.Body",
        verbose_name=_("政协组织"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("进度（%）"), default=0)
    step = models.CharField(_("当前步骤"), max_length=200, blank=True)
    result = models.FileField(_("结果文件"), upload_to=job_result_path, blank=True)
    result_name = models.CharField(_("下载文件名"), max_length=200, blank=True)
    result_type = models.CharField(_("文件类型"), max_length=100, blank=True)
    error = models.TextField(_("失败原因"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("运行次数"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        on_delete=models.CASCADE,
        related_name="jobs",
    )
    created_at = models.DateTimeField(_("发起时间"), default=timezone.now)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_by", "-created_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING) and not self.is_stale

    @property
    def is_stale(self) -> bool:
        """Running longer than a task may run: its worker died; it may be run again."""
        limit = getattr(settings, "JOB_TIME_LIMIT", 1800) + 60
        since = self.started_at or self.created_at
        return (
            self.status in (self.Status.QUEUED, self.Status.RUNNING)
            and since is not None
            and (timezone.now() - since).total_seconds() > limit
        )
