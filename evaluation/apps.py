from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "evaluation"
    verbose_name = _("考评")

    def ready(self) -> None:
        from portal.registry import quota_counters

        from . import hooks
        from .cache import BOARDS, COUNTED

        hooks.register()
        # evaluation comes after the modules in INSTALLED_APPS: their counters are registered.
        BOARDS.watch(*COUNTED, *(label for c in quota_counters for label in c.models))
        from .dossier import TERM_ROWS

        TERM_ROWS.watch_versions()
