from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PolicyConfig(AppConfig):
    name = "policy"
    verbose_name = _("Kebijakan mode kerja")

    def ready(self):
        from policy.audit import record_account_event
        from units.passwords.resets import account_event

        account_event.connect(record_account_event, dispatch_uid="policy.audit.account_event")
