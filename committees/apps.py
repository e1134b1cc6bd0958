from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteesConfig(AppConfig):
    name = "committees"
    verbose_name = _("专委会工作")

    def ready(self) -> None:
        from . import hooks
        from .selectors.activities import ACTIVITY_COUNT_SOURCES, ACTIVITY_COUNTS
        from .selectors.clashes import CLASH_PAIRS, CLASH_SOURCES

        hooks.register()
        CLASH_PAIRS.watch(*CLASH_SOURCES)
        ACTIVITY_COUNTS.watch(*ACTIVITY_COUNT_SOURCES)
