from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "ipenforce.core"
    label = "core"
    verbose_name = _("Núcleo")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from ipenforce.core import roles

        post_migrate.connect(roles.sync_roles_after_migrate, dispatch_uid="ipenforce-sync-roles")
