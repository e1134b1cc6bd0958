"""Views of the committees app, split by subdomain: `org` (organisation pages), `plans`,
`activities` and `calendar`."""
