from django.http import HttpResponse


def _todo(request, **kwargs):
    return HttpResponse("")


public_list = own_list = product_new = product_import = import_template = review_queue = product_detail = _todo
product_edit = product_decide = year_new = year_confirm = revoke_request = revoke_confirm = _todo
