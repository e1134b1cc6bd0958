"""Forms of committee work, split by subdomain: `plans` and `activities`."""
