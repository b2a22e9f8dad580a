"""Passkeys bind a person to their phone (issue 15): registration once per phone, and an assertion with user
verification on every phone check-in, through the `webauthn` library (py_webauthn).

- Registration: the options carry a random challenge kept in the session; the phone makes a key pair, keeps the
  private key behind its own unlock (fingerprint, face or PIN, which never leaves it) and sends the public key,
  stored with the credential's id and signature counter (units.models.Passkey). At most PasskeyRules.max_phones()
  active phones per person.
- Check-in: the challenge is derived from the check-in form's one-time token (`checkin_challenge`: an HMAC with
  the server's secret, so no session state), so an assertion signs that one check-in and cannot be replayed
  for another; the token itself is good for one row (attendance.models.CheckIn.token is unique).
- Removal of a lost phone by a head or an admin, audited (`account_event`, as the password steps).

The relying party is the site the browser is on (`relying_party`): its host name, and the scheme and host as
the expected origin; PASSKEY_RP_ID and PASSKEY_ORIGIN override them behind a proxy that rewrites the host.
"""

import hashlib
import hmac
import json
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url
from webauthn.helpers.exceptions import InvalidAuthenticationResponse, InvalidRegistrationResponse
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from units import clock
from units.models import Employee, Passkey, PasskeyRules
from units.passwords.resets import account_event

REGISTERED = "passkey_registered"
REMOVED = "passkey_removed"
SESSION_KEY = "hadir_passkey_registration"
SIGN_IN_KEY = "hadir_passkey_sign_in"
RP_NAME = "Hadir Kota Bengkulu"
TIMEOUT_MS = 120_000


class PasskeyError(Exception):
    """Why a registration or an assertion was refused, in words for the person."""


@dataclass(frozen=True)
class RelyingParty:
    id: str
    origin: str


def relying_party(request: HttpRequest) -> RelyingParty:
    host = request.get_host()
    name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    return RelyingParty(
        settings.PASSKEY_RP_ID or name,
        settings.PASSKEY_ORIGIN or f"{request.scheme}://{host}",
    )


def active(user) -> list[Passkey]:
    return list(Passkey.objects.filter(user=user, removed_at__isnull=True).order_by("created_at"))


def registration_options(request: HttpRequest, employee: Employee) -> str:
    """The options for navigator.credentials.create() as JSON; the challenge waits in the session."""
    user = employee.user
    if user is None:
        raise PasskeyError(_("Akun ini belum dapat masuk, jadi belum dapat mendaftarkan ponsel."))
    if len(active(user)) >= PasskeyRules.max_phones():
        raise PasskeyError(too_many_text())
    party = relying_party(request)
    options = generate_registration_options(
        rp_id=party.id,
        rp_name=RP_NAME,
        user_id=str(user.pk).encode(),
        user_name=employee.nip,
        user_display_name=employee.full_name,
        timeout=TIMEOUT_MS,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.PREFERRED, user_verification=UserVerificationRequirement.REQUIRED
        ),
        exclude_credentials=[PublicKeyCredentialDescriptor(id=base64url_to_bytes(p.credential_id)) for p in active(user)],
    )
    request.session[SESSION_KEY] = bytes_to_base64url(options.challenge)
    return options_to_json(options)


def too_many_text() -> str:
    return _(
        "Anda sudah mendaftarkan %(n)s ponsel, batas yang berlaku. Bila berganti ponsel, minta kepala unit atau "
        "admin menghapus ponsel lama, lalu daftarkan ponsel baru."
    ) % {"n": PasskeyRules.max_phones()}


def register(request: HttpRequest, employee: Employee, credential: dict, name: str) -> Passkey:
    """Check the phone's answer to the options and keep its public key; PasskeyError when refused."""
    challenge = request.session.pop(SESSION_KEY, None)
    user = employee.user
    if not challenge:
        raise PasskeyError(_("Pendaftaran ponsel sudah kedaluwarsa. Tekan “Daftarkan ponsel ini” sekali lagi."))
    party = relying_party(request)
    try:
        verified = verify_registration_response(
            credential=credential,
            expected_challenge=base64url_to_bytes(challenge),
            expected_rp_id=party.id,
            expected_origin=party.origin,
            require_user_verification=True,
        )
    except (InvalidRegistrationResponse, ValueError, KeyError, TypeError) as refused:
        raise PasskeyError(_("Ponsel ini tidak dapat didaftarkan (%(why)s). Coba sekali lagi.") % {"why": refused}) from refused
    if user is None:
        raise PasskeyError(_("Akun ini belum dapat masuk, jadi belum dapat mendaftarkan ponsel."))
    with transaction.atomic():
        Employee.objects.select_for_update().filter(pk=employee.pk).first()  # two registrations at once: one count
        if len(active(user)) >= PasskeyRules.max_phones():
            raise PasskeyError(too_many_text())
        passkey = Passkey.objects.create(
            user=user,
            credential_id=bytes_to_base64url(verified.credential_id),
            public_key=verified.credential_public_key,
            sign_count=verified.sign_count,
            name=(name.strip() or _("Ponsel"))[:100],
            created_at=clock.now(),
        )
        account_event.send(register, actor=user, employee=employee, action=REGISTERED, note=passkey.name,
                           passkey=passkey.pk)
    return passkey


def remove(passkey: Passkey, actor, employee: Employee, note: str) -> bool:
    """A head or an admin removes a lost phone (audited); False when it was removed already."""
    with transaction.atomic():
        won = Passkey.objects.filter(pk=passkey.pk, removed_at__isnull=True).update(
            removed_at=clock.now(), removed_by=actor
        )
        if won:
            account_event.send(remove, actor=actor, employee=employee, action=REMOVED, note=note,
                               passkey=passkey.pk, name=passkey.name)
    return bool(won)


# --- Check-in -------------------------------------------------------------------------------------------


def checkin_challenge(user_id: int, token: str) -> bytes:
    """The challenge of the check-in whose form token is `token`: bound to it and to the person."""
    return hmac.new(settings.SECRET_KEY.encode(), f"checkin:{user_id}:{token}".encode(), hashlib.sha256).digest()


def assertion_options(request: HttpRequest, user, token: str, passkeys: list[Passkey]) -> str:
    """The options for navigator.credentials.get() on the check-in form, as JSON."""
    options = generate_authentication_options(
        rp_id=relying_party(request).id,
        challenge=checkin_challenge(user.pk, token),
        timeout=TIMEOUT_MS,
        allow_credentials=[PublicKeyCredentialDescriptor(id=base64url_to_bytes(p.credential_id)) for p in passkeys],
        user_verification=UserVerificationRequirement.REQUIRED,
    )
    return options_to_json(options)


def verify_checkin(request: HttpRequest, user, token: str, answer: str) -> Passkey:
    """The registered phone that signed this check-in's challenge (its counter moved on); PasskeyError when
    there is no answer, or it is not from one of the person's active phones, or it does not verify."""
    if not answer:
        raise PasskeyError(_("Presensi ini tidak ditandatangani passkey ponsel Anda."))
    try:
        credential = json.loads(answer)
        credential_id = credential["id"]
    except (ValueError, KeyError, TypeError) as garbled:
        raise PasskeyError(_("Tanda tangan passkey tidak terbaca.")) from garbled
    passkey = Passkey.objects.filter(user=user, credential_id=credential_id, removed_at__isnull=True).first()
    if passkey is None:
        raise PasskeyError(_("Ponsel ini bukan ponsel yang Anda daftarkan (atau sudah dihapus dari akun Anda)."))
    _verify(request, passkey, checkin_challenge(user.pk, token), credential)
    return passkey


def _verify(request: HttpRequest, passkey: Passkey, challenge: bytes, credential) -> None:
    """Check a phone's signature of `challenge` with the passkey's public key (user verified, the counter
    moving on) and record the use; PasskeyError when it does not verify."""
    party = relying_party(request)
    try:
        verified = verify_authentication_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=party.id,
            expected_origin=party.origin,
            credential_public_key=bytes(passkey.public_key),
            credential_current_sign_count=passkey.sign_count,
            require_user_verification=True,
        )
    except (InvalidAuthenticationResponse, ValueError, KeyError, TypeError) as refused:
        raise PasskeyError(_("Tanda tangan passkey tidak sah (%(why)s).") % {"why": refused}) from refused
    Passkey.objects.filter(pk=passkey.pk).update(sign_count=verified.new_sign_count, last_used_at=clock.now())


# --- Signing in ------------------------------------------------------------------------------------------


def sign_in_options(request: HttpRequest) -> str:
    """The options for navigator.credentials.get() on the sign-in page (any of the site's passkeys: the phone
    offers the one it holds); the challenge waits in the session."""
    options = generate_authentication_options(
        rp_id=relying_party(request).id, timeout=TIMEOUT_MS, user_verification=UserVerificationRequirement.REQUIRED
    )
    request.session[SIGN_IN_KEY] = bytes_to_base64url(options.challenge)
    return options_to_json(options)


def verify_sign_in(request: HttpRequest, credential: dict):
    """The user whose registered phone answered the sign-in challenge; PasskeyError when it does not verify,
    the phone was removed, or the account is switched off."""
    challenge = request.session.pop(SIGN_IN_KEY, None)
    if not challenge:
        raise PasskeyError(_("Permintaan masuk sudah kedaluwarsa. Tekan “Masuk dengan passkey ponsel” sekali lagi."))
    passkey = (
        Passkey.objects.select_related("user").filter(credential_id=str(credential.get("id", "")), removed_at__isnull=True)
        .first()
    )
    if passkey is None or not passkey.user.is_active:
        raise PasskeyError(_("Passkey ini tidak terdaftar di Hadir (atau ponselnya sudah dihapus). Masuk dengan NIP dan kata sandi."))
    _verify(request, passkey, base64url_to_bytes(challenge), credential)
    return passkey.user
