from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "evaluation"
    verbose_name = _("考评")

    def ready(self) -> None:
        from . import hooks
        from .cache import BOARDS, COUNTED

        BOARDS.watch(*COUNTED)
        hooks.register()
