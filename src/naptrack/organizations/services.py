"""Every change to organizations and memberships: each checks permission, validates and saves."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from naptrack.core.services import SYSTEM, require
from naptrack.geo.models import Area
from naptrack.geo.services import SyncCounts
from naptrack.organizations.models import Membership, Organization
from naptrack.organizations.permissions import is_platform_admin

ORGANIZATION_FIELDS = (
    "kind",
    "name_th",
    "name_en",
    "name_vi",
    "abbreviation_th",
    "abbreviation_en",
    "abbreviation_vi",
    "website",
)


@dataclass(frozen=True)
class OrganizationSpec:
    """An organization as a list gives it; parent and country are codes."""

    code: str
    kind: str
    name_th: str = ""
    name_en: str = ""
    name_vi: str = ""
    abbreviation_th: str = ""
    abbreviation_en: str = ""
    abbreviation_vi: str = ""
    parent: str | None = None
    country: str | None = None
    website: str = ""


def _allowed(actor) -> bool:
    return actor is SYSTEM or is_platform_admin(actor)


def _differences(org: Organization, wanted: dict) -> dict:
    differs = {}
    for name, value in wanted.items():
        if name in ("parent", "country"):
            if getattr(org, f"{name}_id") != (value.pk if value is not None else None):
                differs[name] = value
        elif getattr(org, name) != value:
            differs[name] = value
    return differs


@transaction.atomic
def organizations_sync(*, actor, specs: Iterable[OrganizationSpec]) -> SyncCounts:
    """Create the organizations that are missing and update those that differ; never delete one.

    A list may name a unit before its parent: units are placed once their parent exists.
    """
    require(_allowed(actor))
    pending = list(specs)
    codes = [spec.code for spec in pending]
    duplicates = sorted({code for code in codes if codes.count(code) > 1})
    if duplicates:
        raise ValidationError(f"The list names these organizations twice: {', '.join(duplicates)}")
    by_code = {org.code: org for org in Organization.objects.all()}
    countries = {
        area.code: area
        for area in Area.objects.filter(code__in={s.country for s in pending if s.country})
    }
    created = updated = 0
    while pending:
        ready = [s for s in pending if not s.parent or s.parent in by_code]
        if not ready:
            raise ValidationError(
                f"These organizations are part of one that does not exist: {', '.join(s.code for s in pending)}"
            )
        for spec in ready:
            if spec.country and spec.country not in countries:
                raise ValidationError(
                    f"Organization {spec.code} is in {spec.country}, which is not an area."
                )
            wanted = {name: getattr(spec, name) for name in ORGANIZATION_FIELDS}
            wanted["parent"] = by_code[spec.parent] if spec.parent else None
            wanted["country"] = countries[spec.country] if spec.country else None
            org = by_code.get(spec.code)
            if org is None:
                org = Organization(code=spec.code, **wanted)
                created += 1
            else:
                wanted = _differences(org, wanted)
                if not wanted:
                    continue
                for name, value in wanted.items():
                    setattr(org, name, value)
                updated += 1
            org.full_clean()
            org.save()
            by_code[spec.code] = org
        pending = [s for s in pending if s not in ready]
    return SyncCounts(created, updated)


@transaction.atomic
def membership_grant(
    *, actor, user, organization: Organization, role: str
) -> tuple[Membership, bool]:
    """Give a user a role in an organization; return the membership and whether it is new."""
    require(_allowed(actor))
    membership = Membership.objects.filter(user=user, organization=organization, role=role).first()
    if membership is not None:
        return membership, False
    membership = Membership(user=user, organization=organization, role=role)
    membership.full_clean()
    membership.save()
    return membership, True
