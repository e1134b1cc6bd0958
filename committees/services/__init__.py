"""Writes of committee work, split by subdomain: `plans` (work plans and their approval)
and `activities` (a package: lifecycle, invitations, attendance and check-in, outputs)."""
