"""Print a new VAPID key pair for Web Push, as the two environment lines Hadir reads (README, "Environment
variables"). Keep the private key secret; a new pair ends every browser's subscription."""

import base64

from cryptography.hazmat.primitives import serialization
from django.core.management.base import BaseCommand
from py_vapid import Vapid01


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class Command(BaseCommand):
    help = "Print a new VAPID key pair for Web Push (WEBPUSH_VAPID_PRIVATE_KEY, WEBPUSH_VAPID_PUBLIC_KEY)."

    def handle(self, *args, **options):
        key = Vapid01()
        key.generate_keys()
        private = key.private_key.private_numbers().private_value.to_bytes(32, "big")
        public = key.public_key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
        self.stdout.write(f"WEBPUSH_VAPID_PRIVATE_KEY={_b64(private)}\nWEBPUSH_VAPID_PUBLIC_KEY={_b64(public)}\n")
