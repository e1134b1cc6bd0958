"""What each role may do, as django-guardian object permissions on the object the role is
held on. `portal.services.role_grant` / `role_revoke` apply this table; nothing else
assigns these permissions."""

from django.db import models

from .models import Role, RoleAssignment

# role -> the permissions it carries on its object (body, committee or department)
ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    Role.OFFICE: ("organisation.manage_body",),
    Role.REVIEWER: ("organisation.review_proposals",),
    Role.ARCHIVES_EDITOR: ("organisation.edit_archives",),
    Role.INFO_EDITOR: ("organisation.edit_public_opinion",),
    Role.CHAIR: ("organisation.chair_body",),
    Role.COMMITTEE_STAFF: ("organisation.work_in_committee",),
    Role.VICE_CHAIR: ("organisation.oversee_committee",),
    Role.HANDLING_UNIT: ("organisation.act_for_department",),
}

# A member's permissions on his own Member record.
MEMBER_SELF_PERMISSIONS: tuple[str, ...] = ("members.view_member", "members.change_member")


def role_object(assignment: RoleAssignment) -> models.Model:
    """The object a role is held on, where its permissions are assigned."""
    return assignment.committee or assignment.department or assignment.body
