"""Annual scoring of members (issue 15): rule sets, the set-based scoring run, objections,
the 履职档案 and the annual report. Models live in evaluation.models."""
