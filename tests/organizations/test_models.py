"""Rules of the organization tree and of memberships."""

import pytest
from django.db import IntegrityError, transaction
from django.utils.translation import override

from naptrack.organizations.models import Membership, Organization, OrganizationKind, Role
from naptrack.organizations.permissions import is_platform_admin, organization_ids_for
from tests.core.refusals import assert_refused


@pytest.fixture
def msdhs(build):
    return build.organization(
        "msdhs", kind=OrganizationKind.MINISTRY, name_th="กระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์",
        name_en="Ministry of Social Development and Human Security", abbreviation_th="พม.", abbreviation_en="MSDHS",
    )  # fmt: skip


@pytest.fixture
def dwf(build, msdhs):
    return build.organization(
        "dwf", parent=msdhs, name_th="กรมกิจการสตรีและสถาบันครอบครัว",
        name_en="Department of Women's Affairs and Family Development", abbreviation_th="สค.",
    )  # fmt: skip


def test_a_department_sits_under_its_ministry(dwf, msdhs):
    assert dwf.ancestors() == [msdhs]


def test_an_organization_is_called_by_its_abbreviation_in_the_readers_language(dwf, msdhs):
    with override("th"):
        assert msdhs.short_name == "พม."
        assert dwf.short_name == "สค."
    with override("en"):
        assert msdhs.short_name == "MSDHS"
        # No English abbreviation: the Thai one is shown rather than the long name.
        assert dwf.short_name == "สค."


def test_a_ministry_cannot_become_part_of_its_own_department(msdhs, dwf):
    msdhs.parent = dwf

    assert_refused(
        msdhs.full_clean,
        {"parent": ["An organization cannot be part of itself or of one of its own units."]},
    )


def test_an_organization_cannot_be_part_of_itself(msdhs):
    msdhs.parent = msdhs

    assert_refused(
        msdhs.full_clean,
        {"parent": ["An organization cannot be part of itself or of one of its own units."]},
    )


def test_an_organization_needs_a_name_in_at_least_one_language(db):
    nameless = Organization(code="acw", kind=OrganizationKind.REGIONAL_BODY)

    assert_refused(nameless.full_clean, {"name_en": ["Give a name in at least one language."]})


def test_a_user_holds_one_role_once_in_an_organization(build, dwf):
    officer = build.user("somchai", organization=dwf, role=Role.REPORTER)

    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=officer, organization=dwf, role=Role.REPORTER)
    Membership.objects.create(user=officer, organization=dwf, role=Role.APPROVER)

    assert organization_ids_for(officer) == {dwf.pk}
    assert organization_ids_for(officer, {Role.APPROVER}) == {dwf.pk}
    assert organization_ids_for(officer, {Role.COORDINATOR}) == set()


def test_a_superuser_is_a_platform_admin_and_a_reporter_is_not(build, dwf):
    reporter = build.user("somchai", organization=dwf, role=Role.REPORTER)
    superuser = build.user("root", is_superuser=True, is_staff=True)

    assert not is_platform_admin(reporter)
    assert is_platform_admin(superuser)
