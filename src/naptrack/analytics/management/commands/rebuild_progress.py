"""`naptrack rebuild_progress [PLAN ...]`: recompute every stored roll-up from the values."""

import time

from django.core.management.base import BaseCommand, CommandError

from naptrack.analytics.services import plan_progress_rebuild
from naptrack.frameworks.models import Plan


class Command(BaseCommand):
    help = "Recompute the stored progress of some plans (all when none is named), for repairs."

    def add_arguments(self, parser) -> None:
        parser.add_argument("plans", nargs="*", metavar="PLAN_CODE")

    def handle(self, *args, plans: list[str], **options) -> None:
        queryset = Plan.objects.order_by("code")
        if plans:
            queryset = queryset.filter(code__in=plans)
            missing = sorted(set(plans) - set(queryset.values_list("code", flat=True)))
            if missing:
                raise CommandError(f"No plan with the code: {', '.join(missing)}")
        for plan in queryset:
            started = time.perf_counter()
            result = plan_progress_rebuild(plan)
            self.stdout.write(
                f"{plan.code}: {result['reports']} reports, {result['indicators']} indicators "
                f"in {time.perf_counter() - started:.1f} s"
            )
