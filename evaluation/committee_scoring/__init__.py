"""The committees' annual evaluation (§19, issue 15): committee score sources of evaluation's
own records, the set-based scoring of every committee of a body, awards and the committees'
annual summaries. Models live in evaluation.models.committees."""
