import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "patentbridge.settings")
application = get_wsgi_application()

# Every web server (runserver included) loads this module once per process: load search's indexes and model now,
# in the background, so the first search is warm. Commands and tests never import it.
from patentbridge.search.warm import warm_in_background  # noqa: E402

warm_in_background()
