"""Views of committee work, split by subdomain: `plans`, `activities` and `calendar`."""
