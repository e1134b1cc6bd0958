"""Views of committee work, split by subdomain: `plans`, `activities` (with `invitations`,
`attendance` and `outputs`) and `calendar`."""
