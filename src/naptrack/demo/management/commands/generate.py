"""`naptrack generate --scale small|national|regional --seed N`: a synthetic plan at scale."""

from django.core.management.base import BaseCommand, CommandError

from naptrack.demo.scale import SCALES, GenerateError, generate


class Command(BaseCommand):
    help = (
        "Generate a synthetic plan with its rounds, reports and accepted values, to test the "
        "platform at scale: small (tests), national (1,040 indicators, 77 provinces, 8 years, over "
        "2 million values) or regional (the 10 ASEAN member states). Run `naptrack load_demo` first. "
        "The same seed always gives the same data; every figure is synthetic."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument(
            "--seed", type=int, default=1, help="Makes the plan gen-<scale>-<seed>; default 1."
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete the plan of this scale and seed first if it exists (otherwise refuse).",
        )
        parser.add_argument(
            "--no-progress",
            action="store_false",
            dest="progress",
            help="Skip the progress rebuild at the end (run `naptrack rebuild_progress` later).",
        )

    def handle(self, *args, scale: str, seed: int, replace: bool, progress: bool, **options):
        verbosity = options["verbosity"]
        log = self.stdout.write if verbosity >= 2 else None
        if seed < 0:
            raise CommandError("The seed must be a whole number of 0 or more.")
        try:
            result = generate(scale, seed, replace=replace, progress=progress, log=log)
        except GenerateError as exc:
            raise CommandError(str(exc)) from exc
        if verbosity >= 1:
            first, *rest = result.summary()
            self.stdout.write(self.style.SUCCESS(first))
            for line in rest:
                self.stdout.write(line)
