from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo and benchmark data (`manage.py seed_demo`): the top floor, it seeds every
    module through its services; no product code imports it."""

    name = "demo"
    verbose_name = _("演示数据")
