from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from huying.access import fetch
from huying.matters.models import PracticalMatter
from huying.matters.public import choices, filter_matters, public_history, public_milestones

PAGE_SIZE = 20


@require_GET
def matter_list(request):
    """办实事清单: every practical matter with its progress, filtered by status, department, street and year."""
    queryset, chosen = filter_matters(PracticalMatter.objects.for_list(), request.GET)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "matters/list.html",
        {"page": page, "chosen": chosen, "query_string": query.urlencode(), **choices()},
    )


@require_GET
def matter_detail(request, pk):
    matter = fetch(PracticalMatter.objects.for_list().prefetch_related("co_handlers"), pk=pk)
    return render(
        request,
        "matters/detail.html",
        {
            "matter": matter,
            "milestones": public_milestones(matter),
            "history": public_history(matter),
            "appeals": matter.source_appeals.count(),
        },
    )
