from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API integrasi")

    def ready(self) -> None:
        # The lower apps send signals and never import api; the receivers that turn them into webhook
        # events are connected here.
        from api.webhooks import events

        events.connect()
