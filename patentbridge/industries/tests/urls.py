"""The project's URLs with this app's pages and API mounted, for tests run before the project mounts them
(patentbridge/urls.py and api.py belong to the lead; where they already mount them, those take precedence)."""

from django.urls import include, path

from patentbridge import urls as project
from patentbridge.core.api_support import install_error_handlers
from patentbridge.core.openapi import PlatformAPI
from patentbridge.core.parser import StrictParser
from patentbridge.industries.api import router

api = PlatformAPI(title="industries (tests)", version="1", urls_namespace="industries-api", parser=StrictParser())
install_error_handlers(api)
api.add_router("", router)

urlpatterns = [*project.urlpatterns, path("api/v1/", api.urls)]
if not any(getattr(p, "namespace", None) == "industries" for p in project.urlpatterns):
    urlpatterns.append(path("industries/", include("patentbridge.industries.urls")))
