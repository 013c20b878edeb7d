from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProductsConfig(AppConfig):
    name = "patentbridge.products"
    label = "products"
    verbose_name = _("Patent products")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from patentbridge.products.models import Product, ProductPatent, ProductYear

        auditlog.register(Product)
        auditlog.register(ProductPatent)
        auditlog.register(ProductYear)
