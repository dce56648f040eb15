"""Build results frameworks for tests in a few lines, through the same services the platform uses.

plan = build.plan("nap-wps", calendar="thai_fiscal", start="2023-10-01", end="2027-09-30")
pillar = plan.node("1", "Participation")
outcome = pillar.child("1.1", "Women lead")
ind = outcome.indicator("1.1.1", "Women in peace talks", lead="dwf", unit="persons")
ind.target("FY2568", 30)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import count

from django.contrib.auth import get_user_model

from naptrack.core.services import SYSTEM
from naptrack.frameworks import services
from naptrack.frameworks.models import Dimension, Indicator, Option, Plan, PlanStatus, ResultNode
from naptrack.geo.models import Area, AreaLevel
from naptrack.organizations.models import Membership, Organization, OrganizationKind
from naptrack.periods.services import period_get_or_create

_seq = count(1)


def _date(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


@dataclass
class IndicatorBuilder:
    indicator: Indicator

    def target(self, period_code: str, value=None, *, breakdown=None, **kwargs):
        return services.target_set(
            actor=SYSTEM,
            indicator=self.indicator,
            period=period_get_or_create(period_code),
            value=value,
            breakdown=breakdown,
            **kwargs,
        )

    def baseline(self, value=None, **kwargs):
        return services.baseline_set(actor=SYSTEM, indicator=self.indicator, value=value, **kwargs)

    def breakdown_by(self, *dimensions: Dimension):
        services.indicator_set_dimensions(
            actor=SYSTEM, indicator=self.indicator, dimensions=[(d, None) for d in dimensions]
        )
        return self

    def supported_by(self, *organizations: Organization):
        for org in organizations:
            services.assignment_set(
                actor=SYSTEM, indicator=self.indicator, organization=org, role="support"
            )
        return self


@dataclass
class NodeBuilder:
    builder: PlanBuilder
    node: ResultNode

    def child(self, code: str, title: str) -> NodeBuilder:
        child = services.node_create(
            actor=SYSTEM,
            plan=self.node.plan,
            parent=self.node,
            code=code,
            title_en=title,
            title_th=title,
        )
        return NodeBuilder(self.builder, child)

    def indicator(
        self, code: str, name: str, *, lead: Organization | str | None = None, **fields
    ) -> IndicatorBuilder:
        fields.setdefault("sort_order", next(_seq))
        indicator = services.indicator_create(
            actor=SYSTEM,
            node=self.node,
            code=code,
            name_en=name,
            name_th=fields.pop("name_th", name),
            **fields,
        )
        if lead is not None:
            org = lead if isinstance(lead, Organization) else self.builder.organization(lead)
            services.assignment_set(
                actor=SYSTEM, indicator=indicator, organization=org, role="lead"
            )
        return IndicatorBuilder(indicator)


@dataclass
class PlanHandle:
    builder: PlanBuilder
    plan: Plan

    def node(self, code: str, title: str) -> NodeBuilder:
        node = services.node_create(
            actor=SYSTEM,
            plan=self.plan,
            code=code,
            title_en=title,
            title_th=title,
            sort_order=next(_seq),
        )
        return NodeBuilder(self.builder, node)


class PlanBuilder:
    def organization(
        self,
        code: str,
        *,
        kind: str = OrganizationKind.DEPARTMENT,
        parent: Organization | None = None,
        **names,
    ) -> Organization:
        org = Organization.objects.filter(code=code).first()
        if org:
            return org
        names.setdefault("name_en", code.upper())
        org = Organization(code=code, kind=kind, parent=parent, **names)
        org.full_clean()
        org.save()
        return org

    def user(
        self,
        username: str,
        *,
        organization: Organization | str | None = None,
        role: str | None = None,
        **fields,
    ):
        user = get_user_model().objects.create_user(
            username=username, password="pass-" + username, **fields
        )
        if organization is not None and role is not None:
            org = (
                organization
                if isinstance(organization, Organization)
                else self.organization(organization)
            )
            Membership.objects.create(user=user, organization=org, role=role)
        return user

    def plan(
        self,
        code: str = "nap-wps",
        *,
        title: str | None = None,
        owner: Organization | str = "dwf",
        calendar: str = "thai_fiscal",
        start="2023-10-01",
        end="2027-09-30",
        status: str = PlanStatus.PUBLISHED,
        levels=("Pillar", "Outcome", "Output"),
        **fields,
    ) -> PlanHandle:
        owner_org = owner if isinstance(owner, Organization) else self.organization(owner)
        fields.setdefault("kind", "nap")
        plan = services.plan_create(
            actor=SYSTEM,
            code=code,
            owner=owner_org,
            title_en=title or code,
            title_th=fields.pop("title_th", title or code),
            calendar=calendar,
            start_date=_date(start),
            end_date=_date(end),
            status=status,
            level_names=[{"en": name} for name in levels],
            **fields,
        )
        return PlanHandle(self, plan)

    def dimension(self, code: str, *options: str) -> Dimension:
        dimension, _ = Dimension.objects.get_or_create(code=code, defaults={"name_en": code})
        for order, option in enumerate(options):
            Option.objects.get_or_create(
                dimension=dimension, code=option, defaults={"name_en": option, "sort_order": order}
            )
        return dimension

    def option(self, dimension_code: str, code: str) -> Option:
        return Option.objects.get(dimension__code=dimension_code, code=code)

    def breakdown(self, *options: Option):
        return services.breakdown_get_or_create(list(options))

    def country(self, code: str = "TH", name: str = "Thailand") -> Area:
        area, _ = Area.objects.get_or_create(
            code=code, defaults={"level": AreaLevel.COUNTRY, "name_en": name}
        )
        return area
