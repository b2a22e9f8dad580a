from django.http import HttpResponse

from units.access import ADMIN, role_required


@role_required(ADMIN)
def employee_import(request):
    return HttpResponse("TODO")


@role_required(ADMIN)
def import_preview(request, code):
    return HttpResponse("TODO")
