"""Writes of the portal app: accounts, roles (with their object permissions) and
notifications. Each runs in a transaction and sends its side effects on commit."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from .deliveries import deliveries_create, deliveries_enqueue_on_commit
from .inputs import one_line
from .models import (
    BODY_ROLES,
    COMMITTEE_ROLES,
    DEPARTMENT_ROLES,
    Notification,
    Role,
    RoleAssignment,
    User,
)
from .roles import ROLE_PERMISSIONS, role_object


@transaction.atomic
def user_create(
    *,
    body: Model | None,
    username: str,
    full_name: str,
    password: str,
    email: str = "",
    phone: str = "",
    by: User | None,
) -> User:
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(_("用户名「%(name)s」已被使用。") % {"name": username})
    user = User(username=username, full_name=full_name.strip(), email=email, phone=phone, body=body)
    user.set_password(password)
    user._history_user = by
    user.save()
    return user


@transaction.atomic
def user_set_active(*, user: User, active: bool, by: User) -> User:
    """Deactivating a login ends its open sessions at their next request (Django refuses
    inactive users in `get_user`), and keeps its records and history."""
    if user == by and not active:
        raise ValidationError(_("不能停用自己的账号。"))
    user.is_active = active
    user._history_user = by
    user.save(update_fields=["is_active"])
    return user


@transaction.atomic
def user_set_password(*, user: User, password: str, by: User) -> User:
    """The office sets a new password; the user's open sessions end (Django ties a session
    to the password hash)."""
    user.set_password(password)
    user._history_user = by
    user.save(update_fields=["password"])
    return user


@transaction.atomic
def role_grant(
    *,
    user: User,
    role: str,
    body: Model,
    committee: Model | None = None,
    department: Model | None = None,
    by: User | None,
) -> RoleAssignment:
    """Give a user a role and the object permissions that come with it."""
    role = Role(role)
    if role == Role.MEMBER:
        raise ValidationError(_("委员角色通过为委员开通账号获得。"))
    if role in COMMITTEE_ROLES and committee is None:
        raise ValidationError(_("「%(role)s」必须指定专门委员会。") % {"role": role.label})
    if role in DEPARTMENT_ROLES and department is None:
        raise ValidationError(_("「%(role)s」必须指定单位。") % {"role": role.label})
    if role in BODY_ROLES:
        committee = department = None
    if role not in COMMITTEE_ROLES:
        committee = None
    if role not in DEPARTMENT_ROLES:
        department = None
    for obj in (committee, department):
        if obj is not None and obj.body_id != body.pk:
            raise ValidationError(_("所选对象不属于本级政协。"))
    if user.body_id is not None and user.body_id != body.pk:
        raise ValidationError(_("该用户不属于本级政协。"))
    if role == Role.VICE_CHAIR:
        current = RoleAssignment.objects.filter(role=role, committee=committee).first()
        if current is not None and current.user_id != user.pk:
            raise ValidationError(
                _("%(committee)s 已由 %(user)s 分管，请先撤销。")
                % {"committee": committee, "user": current.user}
            )
    assignment = RoleAssignment(
        user=user, role=role, body=body, committee=committee, department=department, granted_by=by
    )
    assignment._history_user = by
    try:
        with transaction.atomic():
            assignment.save()
    except IntegrityError:
        raise ValidationError(_("该用户已拥有这一角色。")) from None
    _apply_role_permissions(assignment, grant=True)
    return assignment


@transaction.atomic
def role_revoke(*, assignment: RoleAssignment, by: User | None) -> None:
    """Take a role away; its permissions end with it, on the user's next request."""
    _apply_role_permissions(assignment, grant=False)
    assignment._history_user = by
    assignment.delete()


def _apply_role_permissions(assignment: RoleAssignment, *, grant: bool) -> None:
    target: Model = role_object(assignment)
    for perm in ROLE_PERMISSIONS[assignment.role]:
        if grant:
            assign_perm(perm, assignment.user, target)
        else:
            remove_perm(perm, assignment.user, target)


_emails_off: ContextVar[bool] = ContextVar("emails_off", default=False)


@contextmanager
def emails_suppressed() -> Iterator[None]:
    """Notifications created inside are stored but not emailed (seed_demo: the demo's
    backdated events must not mail anyone)."""
    token = _emails_off.set(True)
    try:
        yield
    finally:
        _emails_off.reset(token)


@transaction.atomic
def notify(
    *,
    recipients: Iterable[User],
    title: str,
    body: str = "",
    url: str = "",
    dedupe_key: str = "",
    email: bool = True,
    target: Model | None = None,
    task: str = "",
) -> list[Notification]:
    """Store one notification per recipient and, for those with an address, its e-mail
    delivery (portal.deliveries), sent after the commit.

    With a `dedupe_key`, a recipient who already has a notification with that key gets
    nothing new: scheduled reminders call this as often as they like. `target` is the
    record it is about; `task` names the work it asks for (a to-do kind's key), which
    `notifications_close` ends when the work is done.
    Returns the notifications created now.
    """
    if task and target is None:
        raise ValueError("a notification that asks for a task needs its target")
    target_type = ContentType.objects.get_for_model(target) if target is not None else None
    recipients = {user.pk: user for user in recipients if user is not None and user.is_active}
    if dedupe_key:
        already = set(
            Notification.objects.filter(
                recipient_id__in=recipients, dedupe_key=dedupe_key
            ).values_list("recipient_id", flat=True)
        )
        for pk in already:
            recipients.pop(pk)
    now = timezone.now()
    created: list[Notification] = []
    for user in recipients.values():
        try:
            # A savepoint per row: a concurrent run that inserted the same key first
            # makes this one a no-op instead of failing the caller's transaction.
            with transaction.atomic():
                created.append(
                    Notification.objects.create(
                        recipient=user,
                        title=one_line(title)[:200],
                        body=body,
                        url=url,
                        dedupe_key=dedupe_key,
                        created_at=now,
                        target_type=target_type,
                        target_id=target.pk if target is not None else None,
                        task=task,
                    )
                )
        except IntegrityError:
            continue
    if email and not _emails_off.get():
        # The deliveries commit with the notifications; the e-mails go after the commit.
        deliveries_enqueue_on_commit(deliveries_create(created))
    return created


@dataclass(frozen=True)
class Note:
    """One notification to several people (for `notify_many`)."""

    recipients: Sequence[User]
    title: str
    body: str = ""
    url: str = ""
    dedupe_key: str = ""


@transaction.atomic
def notify_many(notes: Iterable[Note], *, email: bool = True) -> int:
    """Store many notifications at once, as `notify` does each: scheduled reminders of a
    whole body cost three queries, not three per person told. A person who already has a
    notification with the note's dedupe key gets nothing new (a concurrent run that
    inserted it first included). Returns how many were created."""
    rows: dict[tuple[int, str], tuple[User, Note]] = {}
    for note in notes:
        for user in note.recipients:
            if user is not None and user.is_active:
                rows.setdefault((user.pk, note.dedupe_key or f"#{len(rows)}"), (user, note))
    if not rows:
        return 0
    keys = {note.dedupe_key for _user, note in rows.values() if note.dedupe_key}
    already = set(
        Notification.objects.filter(
            dedupe_key__in=keys, recipient_id__in={pk for pk, _key in rows}
        ).values_list("recipient_id", "dedupe_key")
        if keys
        else ()
    )
    now = timezone.now()
    new = [
        Notification(
            recipient=user,
            title=one_line(note.title)[:200],
            body=note.body,
            url=note.url,
            dedupe_key=note.dedupe_key,
            created_at=now,
        )
        for (pk, key), (user, note) in rows.items()
        if (pk, key) not in already
    ]
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    if email and not _emails_off.get():
        emailed = {n.recipient_id for n in new if n.recipient.email}
        stored = (
            Notification.objects.filter(created_at=now, recipient_id__in=emailed).select_related(
                "recipient"
            )
            if emailed
            else ()
        )
        deliveries_enqueue_on_commit(deliveries_create(stored))
    return len(new)


@transaction.atomic
def notifications_mark_read(
    *, user: User, ids: Iterable[int] | None = None, target: Model | None = None
) -> int:
    """Mark the user's notifications read: these ids, those about `target` (he opened the
    record), or all of them. Read is not done: a task stays open until the work is."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    if target is not None:
        qs = qs.filter(target_type=ContentType.objects.get_for_model(target), target_id=target.pk)
    return qs.update(read_at=timezone.now())


def notifications_close(
    *,
    target: Model,
    task: str | Iterable[str] | None = None,
    recipients: Iterable[User] | None = None,
) -> int:
    """The work that notifications about `target` asked for is done (by whoever did it):
    they are marked done and read, so they leave everyone's unread count. `task` limits it
    to one kind of work (or several), `recipients` to some people (a co-signer who answered
    closes his own invitation, not the others'). Called by the service that finishes the
    work, inside its transaction: a rollback reopens them. Returns how many were closed."""
    notifications = Notification.objects.filter(
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        done_at__isnull=True,
    ).exclude(task="")
    if task is not None:
        notifications = notifications.filter(task__in=[task] if isinstance(task, str) else task)
    if recipients is not None:
        notifications = notifications.filter(recipient__in=[u.pk for u in recipients])
    now = timezone.now()
    return notifications.update(done_at=now, read_at=Coalesce("read_at", Value(now)))
