"""Writes of the committees app, split by subdomain: `org` (organisation records),
`plans` (work plans and their approval), `activities` (activities, invitations,
attendance, check-in). The organisation services stay importable from here."""

from committees.services.org import committee_set_vice_chair, org_record_save, party_group_save

__all__ = ["committee_set_vice_chair", "org_record_save", "party_group_save"]
