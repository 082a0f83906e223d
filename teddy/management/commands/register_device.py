from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction

from safety.models import Child
from teddy.models import Device


class Command(BaseCommand):
    help = "Register a toy device and print its token (alone, on the last line). Shown only once."

    def add_arguments(self, parser):
        parser.add_argument("name", help="a unique name for the toy, e.g. bear-0042")
        parser.add_argument(
            "--child", default="", help="public id of the child this toy belongs to (ch_...)"
        )
        parser.add_argument(
            "--rotate", action="store_true", help="issue a new token for an existing device"
        )

    def handle(self, name: str, child: str, rotate: bool, **options):
        name = name.strip()
        if not name or len(name) > 100:
            raise CommandError("NAME must be 1-100 characters")
        with transaction.atomic():
            device = Device.objects.select_for_update().filter(name=name).first()
            if device is not None and not rotate:
                raise CommandError(f"a device named {name!r} exists; pass --rotate for a new token")
            device = device or Device(name=name)
            if child:
                device.child = Child.objects.filter(public_id=child).first()
                if device.child is None:
                    raise CommandError(f"no child with id {child!r}")
            token = device.issue_token()
            device.revoked_at = None
            try:
                device.save()
            except IntegrityError as exc:
                raise CommandError(f"could not register {name!r}: {exc}") from exc
        self.stdout.write(f"Registered device {device.name!r} (id {device.pk}). Its token:")
        self.stdout.write(token)
