from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("提案")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.postgres.lookups import TrigramSimilar
        from django.db.models.signals import post_save

        from organisation.models import Body

        from . import hooks, signals
        from .models import Proposal
        from .selectors.lists import PROPOSAL_COUNT_SOURCES, PROPOSAL_COUNTS
        from .selectors.similar import SIMILAR, SIMILAR_SOURCES
        from .selectors.statistics import STATISTICS, STATISTICS_SOURCES

        # `title_norm__trigram_similar=...` (the pg_trgm `%` operator, which the GIN indexes
        # of migration 0002 serve) without installing django.contrib.postgres.
        for name in ("title_norm", "text_norm"):
            Proposal._meta.get_field(name).register_lookup(TrigramSimilar)
        post_save.connect(
            signals.body_created, sender=Body, dispatch_uid="proposals_reply_categories"
        )
        STATISTICS.watch(*STATISTICS_SOURCES)
        SIMILAR.watch(*SIMILAR_SOURCES)
        PROPOSAL_COUNTS.watch(*PROPOSAL_COUNT_SOURCES)
        hooks.register()
