import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Each server process imports this module before it takes a request: it serves its first
# page warm (portal/warmup.py). What start-up built lives as long as the process: collect
# once, then keep it out of every later collection (else the first full collection lands
# in a request, ~100 ms on the region set).
from portal.warmup import warm_up  # noqa: E402

warm_up()
gc.collect()
gc.freeze()
