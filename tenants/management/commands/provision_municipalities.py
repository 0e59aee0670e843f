"""Create municipalities' tenants from the master data (idempotent).

    manage.py provision_municipalities --prefecture 大分県
    manage.py provision_municipalities --all
    manage.py provision_municipalities --prefecture 大分県 --localgov-file F --card-file F

A second run creates nothing and refreshes changed master data (population, card
rate). A bad row in an import file stops the run before anything is created and is
reported with its file, line and reason.
"""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from tenants.master_data import MasterDataError
from tenants.provisioning import municipalities_provision, select_records


class Command(BaseCommand):
    help = "Create municipalities' tenants from the master data."

    def add_arguments(self, parser):
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument("--prefecture", help="The prefecture's name, e.g. 大分県.")
        scope.add_argument("--all", action="store_true", help="All 1,741 municipalities.")
        parser.add_argument("--localgov-file", type=Path, help="List of local governments (CSV).")
        parser.add_argument("--card-file", type=Path, help="My Number card statistics (CSV).")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, **options):
        files = {
            key: options[option]
            for key, option in (("localgov_path", "localgov_file"), ("card_path", "card_file"))
            if options[option]
        }
        try:
            records = select_records(prefecture=options["prefecture"], **files)
        except MasterDataError as error:
            lines = "\n".join(f"  {problem}" for problem in error.problems)
            raise CommandError(
                f"The import file has {len(error.problems)} bad row(s); nothing was created:\n"
                f"{lines}"
            ) from error
        except (LookupError, FileNotFoundError) as error:
            raise CommandError(str(error)) from error

        started = time.monotonic()
        bar = tqdm(
            total=len(records), unit="団体", disable=options["no_progress"] or None,
            file=self.stderr._out,
        )
        with bar:
            def advance(record):
                bar.set_postfix_str(record.name, refresh=False)
                bar.update()

            report = municipalities_provision(records=records, progress=advance)
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"{report.summary()} in {elapsed:.1f} s"))
        for code in report.updated:
            self.stdout.write(f"  updated {code}")
