"""The file a person attaches to what they ask (a doctor's letter, an SPT, a photo): checked by its
content, stored under a random name (policy.approvals.views.download serves it under another)."""

import math
import uuid
from pathlib import PurePath
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

EXTENSIONS = (".pdf", ".jpg", ".jpeg", ".png")
# The first bytes each kind of file starts with: the name alone can be anything.
SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
}


def megabytes(size: int) -> str:
    """A size in MB the Indonesian way, rounded up to a tenth: 2, 1,5, 2,1 (2 MB and 1 byte)."""
    tenths = math.ceil(size * 10 / (1024 * 1024))
    return f"{tenths / 10:.1f}".removesuffix(".0").replace(".", ",")


def _starts_with(upload: UploadedFile, signatures: tuple[bytes, ...]) -> bool:
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    return head.startswith(signatures)


class AttachmentField(forms.FileField):
    """A PDF, JPG or PNG, by its name and its first bytes, of at most settings.UPLOAD_MAX_BYTES. The
    form words the refusals: error_messages "wrong_type", and "too_big" (with %(max)s and %(size)s MB)."""

    widget = forms.ClearableFileInput(attrs={"accept": ",".join(EXTENSIONS)})

    def clean(self, data: Any, initial: Any = None) -> UploadedFile | None:
        upload = super().clean(data, initial)
        if not upload:
            return None
        suffix = PurePath(upload.name or "").suffix.lower()
        if suffix not in EXTENSIONS:
            raise ValidationError(self.error_messages["wrong_type"], code="wrong_type")
        if upload.size > settings.UPLOAD_MAX_BYTES:
            raise ValidationError(
                self.error_messages["too_big"]
                % {"max": megabytes(settings.UPLOAD_MAX_BYTES), "size": megabytes(upload.size)},
                code="too_big",
            )
        if not _starts_with(upload, SIGNATURES[suffix]):
            raise ValidationError(self.error_messages["wrong_type"], code="wrong_type")
        return upload


def renamed(upload: UploadedFile | None) -> UploadedFile | str:
    """The upload under a random name (the original may carry personal data), or "" for none: what a
    FileField is created with."""
    if not upload:
        return ""
    upload.name = f"{uuid.uuid4().hex}{PurePath(upload.name or '').suffix.lower()}"
    return upload
