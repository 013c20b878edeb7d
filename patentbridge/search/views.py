"""The search page: one box, the register's filters, explained results."""

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from patentbridge.core.errors import DomainError
from patentbridge.patents.selectors import patent_filterset
from patentbridge.search.engine import search
from patentbridge.search.selectors import index_freshness

PAGE_SIZE = 20
FILTERS = ("type", "ipc", "status", "city", "applicant", "year", "applicant_kind")


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    filters = {k: request.GET[k] for k in FILTERS if request.GET.get(k)}
    context = {"q": query, "filter": patent_filterset(request.GET), "freshness": index_freshness()}
    if query.strip():
        number = max(1, int(request.GET.get("page", "1")) if request.GET.get("page", "1").isdigit() else 1)
        try:
            result = search(query, filters=filters, offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE)
        except DomainError as exc:
            context["error"] = exc.message
        else:
            paginator = Paginator(range(result.count), PAGE_SIZE)
            context.update(result=result, page=Page(result.hits, number, paginator) if result.count else None)
            params = request.GET.copy()
            params.pop("page", None)
            context["query"] = params.urlencode()
    return render(request, "search/search.html", context)
