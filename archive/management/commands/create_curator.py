"""Make a staff account in the curator group (or the reader group with --reader)."""

import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

ENV = "ARCHIVE_CURATOR_PASSWORD"


class Command(BaseCommand):
    help = f"Create a curator (staff, in the curator group). The password is asked for, or read from {ENV}."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument("--reader", action="store_true", help="a reader instead: sees the admin, changes nothing")

    def handle(self, *args, username, email="", reader=False, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"a user named {username!r} exists already")
        role = "reader" if reader else "curator"
        try:
            group = Group.objects.get(name=role)
        except Group.DoesNotExist as error:
            raise CommandError(f"no {role} group: run migrate first") from error
        user = User(username=username, email=email, is_staff=True)
        password = os.environ.get(ENV) or self.ask_password()
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        user.set_password(password)
        with transaction.atomic():
            user.save()
            user.groups.add(group)
        self.stdout.write(self.style.SUCCESS(f"{role} {username} created"))

    def ask_password(self) -> str:
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("the two passwords differ")
        if not password:
            raise CommandError("the password is empty")
        return password
