"""`naptrack load_demo`: load the reference data, the demo plans and the demo accounts."""

from django.core.management.base import BaseCommand

from naptrack.demo.services import demo_load


class Command(BaseCommand):
    help = (
        "Load areas, organizations, outside frameworks, breakdowns, six demo plans and demo accounts. "
        "Safe to run again: it creates what is missing, updates what differs and deletes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-accounts", action="store_true", help="Do not create the demo accounts."
        )
        parser.add_argument(
            "--reference-only",
            action="store_true",
            help="Load only areas, organizations, outside frameworks and breakdowns: no plans, no accounts.",
        )

    def handle(self, *args, **options):
        reference_only = options["reference_only"]
        result = demo_load(
            plans=not reference_only, accounts=not (reference_only or options["no_accounts"])
        )
        stats = result.stats
        verbosity = options["verbosity"]

        if verbosity < 1:
            return
        if stats.changed:
            self.stdout.write(self.style.SUCCESS(f"Demo data loaded in {result.seconds:.1f} s."))
            for title, counts in (("created", stats.created), ("updated", stats.updated)):
                if counts:
                    listed = ", ".join(f"{label} {n}" for label, n in sorted(counts.items()))
                    self.stdout.write(f"  {title}: {listed}")
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo data is up to date ({result.seconds:.1f} s); nothing changed."
                )
            )

        if result.plans:
            self.stdout.write("")
            self.stdout.write("Plans:")
            for plan in result.plans:
                count = plan.indicators.count()
                self.stdout.write(
                    f"  {plan.code:<24} {plan.status:<10} {count:>3} indicators  {plan.title_en}"
                )

        if result.accounts:
            self._accounts_table(result.accounts)

    def _accounts_table(self, rows) -> None:
        headers = ("username", "role", "organization", "password")
        table = [(r.username, r.role, r.organization, r.password) for r in rows]
        widths = [max(len(cell) for cell in column) for column in zip(headers, *table, strict=True)]

        def line(cells) -> str:
            return "  ".join(
                cell.ljust(width) for cell, width in zip(cells, widths, strict=True)
            ).rstrip()

        self.stdout.write("")
        self.stdout.write("Demo accounts (the password is set only when an account is created):")
        self.stdout.write(line(headers))
        self.stdout.write(line(["-" * w for w in widths]))
        for row in table:
            self.stdout.write(line(row))
