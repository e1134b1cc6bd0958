from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "evaluation"
    verbose_name = _("考评")

    def ready(self) -> None:
        # Every record the quota board counts: a change makes cached boards stale.
        from django.db.models.signals import post_delete, post_save

        from .cache import bump_version

        counted = [
            "committees.Activity",
            "committees.ActivityInvitation",
            "committees.ActivityOutput",
            "committees.WorkPlan",
            "committees.PlanItem",
            "committees.Committee",
            "committees.SectorGroup",
            "committees.Sector",
            "committees.Term",
            "members.Member",
            "members.MemberTerm",
            "members.CommitteeMembership",
            "evaluation.Quota",
            "evaluation.QuotaEvidence",
        ]
        for label in counted:
            model = self.apps.get_model(label)
            for signal in (post_save, post_delete):
                signal.connect(bump_version, sender=model, dispatch_uid=f"board-{label}-{signal}")
