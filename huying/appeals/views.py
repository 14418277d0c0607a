from django.shortcuts import render
from django.views.decorators.http import require_http_methods


@require_http_methods(["GET", "POST"])
def submit(request):
    return render(request, "appeals/placeholder.html")


@require_http_methods(["GET", "POST"])
def track(request):
    return render(request, "appeals/placeholder.html")
