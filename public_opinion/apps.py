from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicOpinionConfig(AppConfig):
    name = "public_opinion"
    verbose_name = _("社情民意")

    def ready(self) -> None:
        from . import hooks
        from .reports import STATISTICS, STATISTICS_SOURCES
        from .selectors import REPORT_COUNT_SOURCES, REPORT_COUNTS, SIMILAR

        SIMILAR.watch("public_opinion.Report")
        STATISTICS.watch(*STATISTICS_SOURCES)
        REPORT_COUNTS.watch(*REPORT_COUNT_SOURCES)
        hooks.register()
