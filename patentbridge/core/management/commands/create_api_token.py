from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from patentbridge.core.services import api_token_create


class Command(BaseCommand):
    help = "Create an API token for a user and print it once."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="cli")

    def handle(self, *args, **options) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user {options['username']!r}.")
        self.stdout.write(api_token_create(user=user, name=options["name"]))
