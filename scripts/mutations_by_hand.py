"""The mutations issue 8 names, applied one at a time by hand: each must fail a test.

    DATABASE_URL=... .venv/bin/python scripts/mutations_by_hand.py [name ...]

For each: edit the source, run its guarding test files (single process, --reuse-db),
record whether the tests failed ("killed") or not ("SURVIVED"), restore the source.
docs/mutants.md lists the results."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Mutation:
    name: str
    path: str
    old: str
    new: str
    tests: tuple[str, ...]


MUTATIONS = [
    Mutation(
        "plan table allows 草稿 → 已批准",
        "committees/workflow.py",
        '    Transition(P.SUBMITTED, P.APPROVED, _("批准"), allowed=_plan_approver),\n',
        '    Transition(P.SUBMITTED, P.APPROVED, _("批准"), allowed=_plan_approver),\n'
        '    Transition(P.DRAFT, P.APPROVED, _("批准"), allowed=_plan_approver),\n',
        ("tests/test_workflow_tables.py", "tests/test_plans_workflow.py"),
    ),
    Mutation(
        "proposal table allows 办理中 → 办结",
        "proposals/workflow.py",
        '    Transition(S.EVALUATED, S.CLOSED, _("办结"), allowed=can.manages),\n',
        '    Transition(S.EVALUATED, S.CLOSED, _("办结"), allowed=can.manages),\n'
        '    Transition(S.HANDLING, S.CLOSED, _("办结"), allowed=can.manages),\n',
        ("tests/test_workflow_tables.py", "tests/test_proposals_handling.py"),
    ),
    Mutation(
        "quota 'scheduled' counts cancelled activities",
        "evaluation/selectors/metrics.py",
        "scheduled = activities.filter(status__in=Activity.SCHEDULED)",
        "scheduled = activities.filter(\n"
        "        status__in=[*Activity.SCHEDULED, Activity.Status.CANCELLED]\n    )",
        ("tests/test_quotas_progress.py", "tests/test_quotas_coverage.py"),
    ),
    Mutation(
        "quota 'scheduled' (body totals) counts cancelled activities",
        "evaluation/selectors/metrics.py",
        "filter=of_type & Q(status__in=Activity.SCHEDULED)",
        "filter=of_type & Q(status__in=[*Activity.SCHEDULED, Activity.Status.CANCELLED])",
        ("tests/test_quotas_progress.py", "tests/test_quotas_coverage.py"),
    ),
    Mutation(
        "coverage counts members on leave as present",
        "evaluation/selectors/metrics.py",
        "def coverage_counts(",
        "PRESENT_OR_EXCUSED = [PRESENT, 'excused']\n\n\ndef coverage_counts(",
        ("tests/test_quotas_coverage.py",),
    ),
    Mutation(
        "unit statistics count cancelled assignments",
        "proposals/selectors/statistics.py",
        "        .exclude(status=A.CANCELLED)\n",
        "",
        ("tests/test_proposals_statistics.py", "tests/test_proposals_statistics_edges.py"),
    ),
    Mutation(
        "on time: < instead of <= the deadline",
        "proposals/selectors/statistics.py",
        'Q(finished_at__date__lte=F("deadline"))',
        'Q(finished_at__date__lt=F("deadline"))',
        ("tests/test_proposals_statistics.py", "tests/test_proposals_statistics_edges.py"),
    ),
    Mutation(
        "overdue: <= instead of < today",
        "proposals/selectors/statistics.py",
        "Q(deadline__lt=today)",
        "Q(deadline__lte=today)",
        ("tests/test_proposals_statistics.py", "tests/test_proposals_statistics_edges.py"),
    ),
    Mutation(
        "the role-grant view does not call its service",
        "organisation/accounts.py",
        "        lambda data: services.role_grant(\n",
        "        lambda data: None and services.role_grant(\n",
        ("tests/test_role_grant_view.py", "tests/test_permission_matrix.py"),
    ),
    Mutation(
        "the user list loses its prefetch",
        "organisation/accounts.py",
        """    users = User.objects.filter(body_id=request.user.body_id).prefetch_related(
        "role_assignments__committee", "role_assignments__department"
    )""",
        "    users = User.objects.filter(body_id=request.user.body_id)",
        ("tests/test_query_counts.py", "tests/test_query_counts_own_rows.py"),
    ),
    Mutation(
        "the committee list loses its prefetch",
        "members/selectors.py",
        '        .prefetch_related(_current_leaders(), "sector_groups")\n',
        "",
        ("tests/test_query_counts.py", "tests/test_query_counts_own_rows.py"),
    ),
]


def _coverage_mutation(source: str) -> str:
    """The coverage mutation edits the first `attendance=PRESENT` inside coverage_counts."""
    head, tail = source.split("def coverage_counts(", 1)
    return (
        head
        + "def coverage_counts("
        + tail.replace("attendance=PRESENT,", "attendance__in=PRESENT_OR_EXCUSED,", 1)
    )


def run(mutation: Mutation) -> str:
    path = ROOT / mutation.path
    original = path.read_text()
    if mutation.old not in original:
        return "NOT APPLIED (source changed: update the mutation)"
    mutated = original.replace(mutation.old, mutation.new, 1)
    if mutation.name.startswith("coverage"):
        mutated = _coverage_mutation(mutated)
    try:
        path.write_text(mutated)
        result = subprocess.run(
            [
                str(ROOT / ".venv/bin/pytest"),
                "-q",
                "-x",
                "-p",
                "no:xdist",
                "--reuse-db",
                *mutation.tests,
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
    finally:
        path.write_text(original)
    last = (result.stdout.strip().splitlines() or ["?"])[-1]
    failed = [line for line in result.stdout.splitlines() if line.startswith("FAILED")]
    verdict = "killed" if result.returncode != 0 else "SURVIVED"
    return f"{verdict}: {failed[0] if failed else last}"


def main(names: list[str]) -> int:
    survived = 0
    for mutation in MUTATIONS:
        if names and not any(n in mutation.name for n in names):
            continue
        outcome = run(mutation)
        survived += not outcome.startswith("killed")
        print(f"- {mutation.name}: {outcome}", flush=True)
    return 1 if survived else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
