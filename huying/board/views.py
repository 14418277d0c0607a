from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from huying.accounts.models import Department
from huying.board.access import get_published_appeal
from huying.board.public import PUBLIC_KINDS, board_appeals, filter_board, public_appeal
from huying.hot.readers import support_panel
from huying.hot.views import SupportForm
from huying.taxonomy.models import Category
from huying.workorders.readers import board_replies

PAGE_SIZE = 20
JSON_PAGE_SIZE = 50


def _page(request, size):
    queryset, chosen = filter_board(board_appeals(), request.GET)
    page = Paginator(queryset, size).get_page(request.GET.get("page"))
    return page, [public_appeal(a) for a in page.object_list], chosen


@require_GET
def board_list(request):
    page, items, chosen = _page(request, PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "board/list.html",
        {
            "page": page,
            "items": items,
            "chosen": chosen,
            "kinds": PUBLIC_KINDS,
            "categories": list(Category.objects.active().roots().only("pk", "name")),
            "streets": list(Department.objects.active().streets().only("pk", "name")),
            "query_string": query.urlencode(),
        },
    )


@require_GET
def board_detail(request, pk):
    appeal = public_appeal(get_published_appeal(pk))
    return render(
        request,
        "board/detail.html",
        {
            "appeal": appeal,
            "replies": board_replies(appeal.work_order_id),
            # "我也遇到了": the hot issues' part of the page.
            **support_panel(appeal.pk, request),
            "form": SupportForm(),
        },
    )


@require_GET
def board_json(request):
    page, items, chosen = _page(request, JSON_PAGE_SIZE)
    return JsonResponse(
        {
            "count": page.paginator.count,
            "page": page.number,
            "pages": page.paginator.num_pages,
            "results": [item.as_json(request) for item in items],
        },
        json_dumps_params={"ensure_ascii": False},
    )
