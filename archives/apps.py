from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchivesConfig(AppConfig):
    name = "archives"
    verbose_name = _("文史资料")

    def ready(self) -> None:
        from . import hooks
        from .selectors import ITEM_COUNTS

        hooks.register()
        ITEM_COUNTS.watch("archives.ArchiveItem")
