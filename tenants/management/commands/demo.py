"""`manage.py demo`: everything the README's first command promises, then serve.

Migrates, provisions the prefecture (KYODO_PREFECTURE, 大分県 by default) and its
municipalities from the shipped master data, creates the demo accounts, and serves
the platform at http://127.0.0.1:8000 until Ctrl-C. A second start finds everything
in place and is ready in seconds.
"""

import logging
from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test import override_settings

from kyodo.accounts.demo import DEMO_PASSWORD, demo_accounts_create, demo_memberships


def modules_with_demo_data() -> list:
    """Each installed app's `demo` module that offers `create_demo_data()`, in the order of
    INSTALLED_APPS (the catalog before procurement, which builds on it)."""
    modules = []
    for app in settings.INSTALLED_APPS:
        if find_spec(app) is None or find_spec(f"{app}.demo") is None:
            continue
        module = import_module(f"{app}.demo")
        if hasattr(module, "create_demo_data"):
            modules.append(module)
    return modules


class Command(BaseCommand):
    help = "Prepare the demo data and serve the platform on http://127.0.0.1:8000."

    def add_arguments(self, parser):
        parser.add_argument("--addrport", default="127.0.0.1:8000")
        parser.add_argument("--no-serve", action="store_true", help="Prepare only.")

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("The demo runs only with DEBUG on (python3 dev.py demo sets it).")
        call_command("migrate", interactive=False, verbosity=0)
        call_command(
            "provision_municipalities", prefecture=settings.KYODO_PREFECTURE, verbosity=1
        )
        demo_accounts_create()
        # The demo's history lands in everyone's inbox; its e-mails (hundreds, to
        # addresses that do not exist) are neither sent to the console nor logged one by one.
        trace = logging.getLogger("celery.app.trace")
        level = trace.level
        trace.setLevel(logging.WARNING)
        try:
            with override_settings(
                    EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
                for module in modules_with_demo_data():
                    module.create_demo_data()
        finally:
            trace.setLevel(level)
        self.stdout.write(f"\nDemo accounts (password: {DEMO_PASSWORD}):")
        for account, membership in demo_memberships():
            self.stdout.write(f"  {account.email:31} {membership.organisation}・"
                              f"{membership.get_role_display()}")
        if options["no_serve"]:
            return
        self.stdout.write(f"\nKyodo: http://{options['addrport']}/  (Ctrl-C to stop)\n")
        call_command("runserver", options["addrport"], use_reloader=False)
