from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from units.models import PasswordReset
from units.passwords import resets


@task()
def send_reset_code(reset_code: str) -> bool:
    """E-mail the person the code of a reset issued for them; False when it was already sent."""
    secret = resets.deliver(reset_code)
    if secret is None:
        return False
    reset = PasswordReset.objects.select_related("employee__user").get(code=reset_code)
    user = reset.employee.user
    if user is None:  # the login was removed since the code was issued
        return False
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            "units/passwords/code_email.txt",
            {
                "reset": reset,
                "code": resets.shown(secret),
                "url": settings.SITE_URL.rstrip("/") + reverse("password_reset_redeem"),
            },
        )
        send_mail(_("Kode atur ulang kata sandi Hadir"), body, None, [user.email])
    return True
