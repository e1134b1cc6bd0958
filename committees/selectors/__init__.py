"""Reads of committee work, with permissions applied, split by subdomain: `plans`,
`activities`, `calendar`, `home` and `history`."""
