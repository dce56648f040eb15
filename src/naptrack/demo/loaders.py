"""Load the reference data and demo accounts: areas, organizations, outside frameworks, breakdowns, users.

Every loader reads what exists in a few queries, creates what is missing, updates what differs
from the data modules and deletes nothing, so a second run writes nothing at all.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.db import models

from naptrack.core.services import SYSTEM
from naptrack.demo.data import accounts as account_data
from naptrack.demo.data import areas as area_data
from naptrack.demo.data.dimensions import DIMENSIONS
from naptrack.demo.data.organizations import ORGANIZATIONS
from naptrack.demo.data.references import FRAMEWORKS
from naptrack.demo.data.schema import Texts
from naptrack.frameworks.models import Dimension, Option, ReferenceFramework, ReferenceItem
from naptrack.geo.models import Area, AreaLevel
from naptrack.geo.services import area_group_sync, areas_sync
from naptrack.organizations.models import Membership, Organization
from naptrack.organizations.services import membership_grant, organizations_sync

LANGUAGES = ("th", "en", "vi")


@dataclass
class LoadStats:
    """How many rows of each model a run created and updated."""

    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)

    def add(self, label: str, *, created: int = 0, updated: int = 0) -> None:
        if created:
            self.created[label] += created
        if updated:
            self.updated[label] += updated

    @property
    def changed(self) -> bool:
        return bool(sum(self.created.values()) or sum(self.updated.values()))


def texts(prefix: str, values: Texts) -> dict[str, str]:
    """Spread a text in several languages over the fields prefix_th, prefix_en, prefix_vi."""
    unknown = set(values) - set(LANGUAGES)
    if unknown:
        raise ValueError(f"Unknown languages in {prefix}: {', '.join(sorted(unknown))}")
    return {f"{prefix}_{lang}": values.get(lang, "") for lang in LANGUAGES}


def differences(obj: models.Model, wanted: dict[str, Any]) -> dict[str, Any]:
    """Return the wanted fields whose value obj does not have yet (relations compared by key)."""
    changed = {}
    for name, value in wanted.items():
        model_field = obj._meta.get_field(name)
        if model_field.is_relation:
            if getattr(obj, model_field.attname) != (value.pk if value is not None else None):
                changed[name] = value
        elif getattr(obj, name) != value:
            changed[name] = value
    return changed


def upsert(
    model: type[models.Model],
    existing: models.Model | None,
    lookup: dict,
    wanted: dict,
    stats: LoadStats,
):
    """Create the object or bring its fields in line, validating with full_clean; return it."""
    label = model._meta.label
    if existing is None:
        obj = model(**lookup, **wanted)
        obj.full_clean()
        obj.save()
        stats.add(label, created=1)
        return obj
    changed = differences(existing, wanted)
    if changed:
        for name, value in changed.items():
            setattr(existing, name, value)
        existing.full_clean()
        existing.save()
        stats.add(label, updated=1)
    return existing


# --- Areas and organizations --------------------------------------------------------------------


def load_areas(stats: LoadStats) -> None:
    created, updated = areas_sync(actor=SYSTEM, specs=area_data.area_specs())
    stats.add("geo.Area", created=created, updated=updated)
    group = dict(area_data.SOUTHERN_BORDER_GROUP)
    _, counts = area_group_sync(actor=SYSTEM, **group)
    stats.add("geo.AreaGroup", created=counts.created, updated=counts.updated)


def load_organizations(stats: LoadStats) -> dict[str, Organization]:
    created, updated = organizations_sync(actor=SYSTEM, specs=ORGANIZATIONS)
    stats.add("organizations.Organization", created=created, updated=updated)
    return Organization.objects.in_bulk(field_name="code")


# --- Outside frameworks and breakdowns ----------------------------------------------------------


def load_references(stats: LoadStats) -> dict[str, ReferenceItem]:
    """Load the outside frameworks and their items; return the items by "framework:code"."""
    frameworks = ReferenceFramework.objects.in_bulk(field_name="code")
    items = {(item.framework_id, item.code): item for item in ReferenceItem.objects.all()}
    result: dict[str, ReferenceItem] = {}
    for code, spec in FRAMEWORKS.items():
        framework = upsert(
            ReferenceFramework,
            frameworks.get(code),
            {"code": code},
            {**texts("name", spec["name"]), "url": spec["url"]},
            stats,
        )
        for item_code, titles in spec["items"].items():
            item = upsert(
                ReferenceItem,
                items.get((framework.pk, item_code)),
                {"framework": framework, "code": item_code},
                texts("title", titles),
                stats,
            )
            item.framework = framework
            result[f"{code}:{item_code}"] = item
    return result


def _area_options(parent_code: str) -> list[tuple[str, Texts, Area]]:
    if parent_code == "ASEAN":
        areas = Area.objects.filter(parent__code="ASEAN", level=AreaLevel.COUNTRY)
    else:
        areas = Area.objects.filter(parent__code=parent_code, level=AreaLevel.PROVINCE)
    # Thai provinces in the order of their official codes (10 Bangkok … 96 Narathiwat).
    areas = sorted(areas, key=lambda a: (a.official_code, a.code))
    return [(a.code, {"th": a.name_th, "en": a.name_en, "vi": a.name_vi}, a) for a in areas]


def load_dimensions(stats: LoadStats) -> dict[str, Option]:
    """Load the breakdown dimensions and their options; return the options by "dimension:option"."""
    dimensions = Dimension.objects.in_bulk(field_name="code")
    existing = {(o.dimension_id, o.code): o for o in Option.objects.all()}
    result: dict[str, Option] = {}
    for order, (code, (names, options)) in enumerate(DIMENSIONS.items(), start=1):
        dimension = upsert(
            Dimension,
            dimensions.get(code),
            {"code": code},
            {**texts("name", names), "sort_order": order},
            stats,
        )
        if isinstance(options, str):
            rows = _area_options(options)
        else:
            rows = [(option_code, option_names, None) for option_code, option_names in options]
        new: list[Option] = []
        for position, (option_code, option_names, area) in enumerate(rows, start=1):
            wanted = {**texts("name", option_names), "area": area, "sort_order": position}
            option = existing.get((dimension.pk, option_code))
            if option is None:
                # Many options at once (one per province): validate each, write them in one go.
                option = Option(dimension=dimension, code=option_code, **wanted)
                option.full_clean()
                new.append(option)
            else:
                option = upsert(Option, option, {}, wanted, stats)
            option.dimension = dimension
            result[f"{code}:{option_code}"] = option
        if new:
            Option.objects.bulk_create(new)
            stats.add(Option._meta.label, created=len(new))
    return result


# --- Accounts ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AccountRow:
    username: str
    role: str
    organization: str
    password: str
    created: bool


def _organization_label(org: Organization | None) -> str:
    if org is None:
        return "—"
    abbreviation = org.abbreviation_th or org.abbreviation_en or org.abbreviation_vi
    name = org.name_en or org.name_th or org.name_vi
    return f"{abbreviation} · {name}" if abbreviation and abbreviation != name else name


def load_accounts(stats: LoadStats, organizations: dict[str, Organization]) -> list[AccountRow]:
    """Create the demo users and their roles; a user that exists keeps its password and details."""
    User = get_user_model()
    specs = account_data.ACCOUNTS
    users = User.objects.in_bulk([s.username for s in specs], field_name="username")
    missing = [s for s in specs if s.username not in users]
    # One hash for all new accounts: they share a published password, so one salt hides nothing
    # more, and hashing once keeps the first run quick.
    shared_hash = make_password(account_data.DEMO_PASSWORD) if missing else None
    created: set[str] = set()
    for spec in missing:
        user = User(
            username=spec.username,
            first_name=spec.first_name,
            last_name=spec.last_name,
            email=f"{spec.username}@{account_data.DEMO_EMAIL_DOMAIN}",
            is_staff=spec.is_superuser,
            is_superuser=spec.is_superuser,
            password=shared_hash,
        )
        user.full_clean()
        user.save()
        users[spec.username] = user
        created.add(spec.username)
    stats.add("auth.User", created=len(created))

    held = set(
        Membership.objects.filter(user__in=users.values()).values_list(
            "user_id", "organization_id", "role"
        )
    )
    for spec in specs:
        if spec.organization is None:
            continue
        user, organization = users[spec.username], organizations[spec.organization]
        if (user.pk, organization.pk, spec.role) not in held:
            membership_grant(actor=SYSTEM, user=user, organization=organization, role=spec.role)
            stats.add(Membership._meta.label, created=1)

    # Report whether each account still has the demo password; accounts usually share one hash.
    still_demo = {
        encoded: check_password(account_data.DEMO_PASSWORD, encoded)
        for encoded in {users[s.username].password for s in specs}
    }
    rows = []
    for spec in specs:
        user = users[spec.username]
        org = organizations.get(spec.organization) if spec.organization else None
        role = spec.role or ""
        if spec.is_superuser:
            role = f"{role} (superuser)".strip()
        rows.append(
            AccountRow(
                username=spec.username,
                role=role,
                organization=_organization_label(org),
                password=account_data.DEMO_PASSWORD if still_demo[user.password] else "(changed)",
                created=spec.username in created,
            )
        )
    return rows
