"""Writes of committee work, split by subdomain: `plans` (work plans and their approval)
and `activities` (activities, invitations, attendance, check-in)."""
