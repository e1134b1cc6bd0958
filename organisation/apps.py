from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationConfig(AppConfig):
    """The ground floor: bodies, terms, special committees, sectors and sector groups,
    departments and functional party groups (SPEC §2). Every module builds on it."""

    name = "organisation"
    verbose_name = _("组织机构")

    def ready(self) -> None:
        from . import hooks

        hooks.register()
