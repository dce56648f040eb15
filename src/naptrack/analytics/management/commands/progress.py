"""`naptrack progress PLAN --period PERIOD`: print a plan's stored roll-up, as JSON or a table."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from naptrack.analytics.selectors import plan_progress, progress_periods_for_plan
from naptrack.frameworks.models import Plan
from naptrack.periods.models import Period


def _num(value) -> str:
    if value is None:
        return "-"
    return format(value.normalize(), "f")


class Command(BaseCommand):
    help = "Print the stored progress of every result and indicator of a plan for one period."

    def add_arguments(self, parser) -> None:
        parser.add_argument("plan", metavar="PLAN_CODE")
        parser.add_argument("--period", required=True, help="A period code such as FY2568.")
        parser.add_argument(
            "--provisional",
            action="store_true",
            help="Include submitted data not yet accepted (marked provisional).",
        )
        parser.add_argument("--format", choices=("json", "table"), default="table")
        parser.add_argument("--lang", choices=("th", "en", "vi"), default="en")

    def handle(self, *args, **options) -> None:
        plan = Plan.objects.filter(code=options["plan"]).first()
        if plan is None:
            raise CommandError(f"No plan with the code {options['plan']}.")
        stored = [p.code for p in progress_periods_for_plan(plan)]
        known = (
            f"Periods with progress for {plan.code}: {', '.join(stored)}."
            if stored
            else f"{plan.code} has no progress yet: it needs a reporting round."
        )
        code = options["period"].strip().upper()
        period = Period.objects.filter(code=code).first()
        if period is None:
            raise CommandError(f"No period with the code {options['period']}. {known}")
        if period.code not in stored:
            raise CommandError(
                f"No progress is stored for {plan.code} in {period.code}. {known} If a round "
                "was opened for it, run `naptrack rebuild_progress` to recompute."
            )
        with translation.override(options["lang"]):
            progress = plan_progress(
                plan, period, provisional=options["provisional"], language=options["lang"]
            )
        if options["format"] == "json":
            self.stdout.write(json.dumps(progress.as_dict(), ensure_ascii=False, indent=2))
            return
        self._table(progress)

    def _table(self, progress) -> None:
        write = self.stdout.write
        basis = (
            "PROVISIONAL (includes data not yet accepted)"
            if progress.provisional
            else "accepted data"
        )
        write(f"{progress.plan.code} · {progress.period.code} · {basis}")
        write(f"computed at {progress.computed_at:%Y-%m-%d %H:%M:%S %Z}")
        overall = progress.overall
        write(
            f"{'PLAN':<12} {_num(overall.achievement):>8}%  {overall.status:<10} "
            + " ".join(f"{k}={v}" for k, v in overall.counts.items())
        )
        by_node: dict = {}
        for indicator in progress.indicators:
            by_node.setdefault(indicator.node_id, []).append(indicator)
        for node in progress.nodes:
            indent = "  " * (node.depth - 1)
            write(
                f"{indent}{node.code:<{12 - len(indent)}} {_num(node.achievement):>8}%  "
                f"{node.status:<10} {node.title[:60]}"
            )
            for ind in by_node.get(node.id, []):
                write(
                    f"{indent}  · {ind.code:<10} actual {_num(ind.value):>12}  target "
                    f"{_num(ind.target):>12}  baseline {_num(ind.baseline):>10}  "
                    f"{_num(ind.achievement):>8}%  {ind.status}"
                )
