"""A small published plan, a draft, and the people who may or may not see it."""

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User

from naptrack.frameworks.models import (
    Indicator,
    Plan,
    ReferenceFramework,
    ReferenceItem,
    ResultNode,
)
from naptrack.geo.models import Area, AreaLevel
from naptrack.organizations.models import Role
from tests.builders import PlanBuilder


@dataclass
class Frameworks:
    plan: Plan
    pillar: ResultNode
    outcome: ResultNode
    indicator: Indicator
    percentage: Indicator
    draft: Plan
    draft_node: ResultNode
    draft_indicator: Indicator
    owner_member: User
    assigned_member: User
    other_member: User
    admin: User


def build_frameworks(build: PlanBuilder) -> Frameworks:
    """Build a published NAP with two indicators and a draft plan of another ministry."""
    thailand = build.country("TH", "Thailand")
    songkhla = Area.objects.create(
        code="TH-90",
        official_code="90",
        level=AreaLevel.PROVINCE,
        parent=thailand,
        name_en="Songkhla",
        name_th="สงขลา",
    )
    dwf = build.organization(
        "dwf",
        name_th="กรมกิจการสตรีและสถาบันครอบครัว",
        name_en="Department of Women's Affairs",
        abbreviation_en="DWF",
        abbreviation_th="สค.",
        country=thailand,
    )
    rtp = build.organization("rtp", name_en="Royal Thai Police", abbreviation_en="RTP")
    mfa = build.organization("mfa", kind="ministry", name_en="Ministry of Foreign Affairs")

    plan = build.plan(
        "nap-wps",
        title="NAP on Women, Peace and Security",
        title_th="แผนปฏิบัติการด้านสตรี สันติภาพ และความมั่นคง",
        title_vi="Kế hoạch hành động về Phụ nữ, Hòa bình và An ninh",
        owner=dwf,
        area=thailand,
        description_en="Thailand's second NAP.",
        has_demo_figures=True,
    )
    pillar = plan.node("1", "Participation")
    outcome = pillar.child("1.1", "Women take part in peace processes")
    output = outcome.child("1.1.1", "Mediators trained")

    sex = build.dimension("sex", "female", "male")
    province = build.dimension("province", "th-90")
    province_option = build.option("province", "th-90")
    province_option.area = songkhla
    province_option.save()
    mediators = output.indicator(
        "1.1.1.a",
        "Women trained as mediators",
        lead=dwf,
        unit_en="persons",
        unit_th="คน",
        life_target_value=120,
        frequency="annual",
        cumulative_mode="cumulative",
    )
    mediators.supported_by(rtp).breakdown_by(sex, province)
    female = build.breakdown(build.option("sex", "female"))
    mediators.baseline(10, source="DWF survey 2566", is_demo=True)
    mediators.baseline(6, breakdown=female, is_demo=True)
    mediators.target("FY2568", 30, is_demo=True)
    mediators.target("FY2568", 20, breakdown=female, is_demo=True)
    mediators.target("FY2569", 60, is_demo=True)
    share = outcome.indicator(
        "1.1.a",
        "Share of women in peace panels",
        lead=rtp,
        value_type="percentage",
        aggregation="ratio",
    )
    share.target("FY2568", numerator=3, denominator=10)

    sdg = ReferenceFramework.objects.create(code="sdg", name_en="Sustainable Development Goals")
    item = ReferenceItem.objects.create(
        framework=sdg, code="5.5.2", title_en="Women in managerial positions"
    )
    mediators.indicator.references.add(item)
    pillar.node.references.add(item)

    # A draft of the foreign ministry; the police support one of its two indicators.
    draft = build.plan("mfa-draft", title="MFA draft plan", owner=mfa, status="draft")
    draft_pillar = draft.node("A", "Draft pillar")
    draft_indicator = draft_pillar.indicator("A.1", "Draft indicator", lead=mfa).supported_by(rtp)
    draft_pillar.indicator("A.2", "Draft indicator of the ministry alone", lead=mfa)

    return Frameworks(
        plan=plan.plan,
        pillar=pillar.node,
        outcome=outcome.node,
        indicator=mediators.indicator,
        percentage=share.indicator,
        draft=draft.plan,
        draft_node=draft_pillar.node,
        draft_indicator=draft_indicator.indicator,
        owner_member=build.user("somchai", organization=mfa, role=Role.REPORTER),
        assigned_member=build.user("ploy", organization=rtp, role=Role.VIEWER),
        other_member=build.user("anan", organization=dwf, role=Role.COORDINATOR),
        admin=build.user("root", is_superuser=True),
    )


@pytest.fixture
def frameworks(build) -> Frameworks:
    return build_frameworks(build)


@pytest.fixture
def api(client):
    """The Django test client, asking for JSON under /api/v1/."""

    class Api:
        def get(self, path: str, **params):
            headers = params.pop("headers", {})
            return client.get(f"/api/v1/{path.lstrip('/')}", params, headers=headers)

        def login(self, user):
            client.force_login(user)

    return Api()
