from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def board_list(request):
    return render(request, "appeals/placeholder.html")
