from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("门户")

    def ready(self) -> None:
        from . import backends, display, history, hooks, inputs

        hooks.register()
        inputs.install()
        history.watch_versions()
        display.install()
        backends.watch()
