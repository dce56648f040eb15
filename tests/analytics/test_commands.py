"""`naptrack progress` prints a plan's stored roll-up; `naptrack rebuild_progress` repairs it."""

import json
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from naptrack.analytics.models import IndicatorProgress, NodeProgress
from tests.analytics.test_services import RTP_FY2567, SBPAC_FY2567, snapshot

pytestmark = pytest.mark.usefixtures("english")


def progress(*args) -> str:
    out = StringIO()
    call_command("progress", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def reported(nap):
    """SBPAC's FY2567 report accepted; the police's submitted, not yet accepted."""
    nap.deliver("FY2567", "sbpac", SBPAC_FY2567)
    nap.deliver("FY2567", "rtp", RTP_FY2567, to="submitted")
    return nap


def test_progress_as_json_gives_every_figure_as_an_exact_string(reported):
    data = json.loads(progress("nap", "--period", "FY2567", "--format", "json"))

    assert (data["plan"], data["period"], data["provisional"]) == ("nap", "FY2567", False)
    assert data["overall"]["achievement"] == "74"
    assert data["overall"]["counts"] == {
        "achieved": 1,
        "on_track": 0,
        "at_risk": 0,
        "off_track": 1,
        "no_data": 1,
    }
    trained = data["indicators"][0]
    assert {k: trained[k] for k in ("code", "value", "target", "baseline", "status")} == {
        "code": "1.1.1",
        "value": "120",
        "target": "250",
        "baseline": "350",
        "status": "off_track",
    }
    assert [n["code"] for n in data["nodes"]] == ["1", "1.1", "2", "2.1"]


def test_progress_with_provisional_includes_the_submitted_report_and_says_so(reported):
    data = json.loads(progress("nap", "--period", "FY2567", "--provisional", "--format", "json"))
    table = progress("nap", "--period", "FY2567", "--provisional")

    assert data["provisional"] is True
    assert data["indicators"][2]["value"] == "114"
    assert table.splitlines()[0] == "nap · FY2567 · PROVISIONAL (includes data not yet accepted)"


def test_progress_as_a_table_shows_the_tree_with_each_indicators_figures(reported):
    lines = progress("nap", "--period", "fy2567").splitlines()

    assert lines[0] == "nap · FY2567 · accepted data"
    assert re.fullmatch(r"computed at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", lines[1])
    assert lines[2].split() == [
        "PLAN",
        "74%",
        "at_risk",
        "achieved=1",
        "on_track=0",
        "at_risk=0",
        "off_track=1",
        "no_data=1",
    ]
    trained = next(line for line in lines if "1.1.1" in line)
    assert trained.split() == [
        "·",
        "1.1.1",
        "actual",
        "120",
        "target",
        "250",
        "baseline",
        "350",
        "48%",
        "off_track",
    ]
    incidents = next(line for line in lines if "2.1.1" in line)
    assert incidents.split()[2:6] == ["actual", "-", "target", "110"]


def test_progress_of_an_unknown_plan_is_refused(db):
    with pytest.raises(CommandError, match=r"^No plan with the code nope\.$"):
        progress("nope", "--period", "FY2567")


def test_progress_of_an_unknown_period_names_the_periods_there_are(reported):
    with pytest.raises(CommandError) as refused:
        progress("nap", "--period", "FY2599")

    life = reported.period_code("LIFE")
    assert str(refused.value) == (
        f"No period with the code FY2599. Periods with progress for nap: {life}, FY2567."
    )


def test_progress_of_a_period_without_a_round_says_what_to_do(reported):
    with pytest.raises(CommandError) as refused:
        progress("nap", "--period", "FY2568")

    assert str(refused.value).startswith("No progress is stored for nap in FY2568. Periods with")
    assert str(refused.value).endswith("run `naptrack rebuild_progress` to recompute.")


def test_progress_of_a_plan_without_rounds_says_it_needs_one(nap):
    with pytest.raises(CommandError) as refused:
        progress("nap", "--period", "FY2567")

    assert "nap has no progress yet: it needs a reporting round." in str(refused.value)


def test_progress_needs_a_period(db):
    with pytest.raises(CommandError, match="the following arguments are required: --period"):
        progress("nap")


def test_rebuild_progress_repairs_what_was_lost(reported):
    refreshed = snapshot(reported.plan)
    IndicatorProgress.objects.all().delete()
    NodeProgress.objects.all().delete()
    out = StringIO()

    call_command("rebuild_progress", "nap", stdout=out)

    assert re.fullmatch(r"nap: 2 reports, 3 indicators in \d+\.\d s\n", out.getvalue())
    assert snapshot(reported.plan) == refreshed


def test_rebuild_progress_without_codes_rebuilds_every_plan(reported, build):
    build.plan("other")
    out = StringIO()

    call_command("rebuild_progress", stdout=out)

    assert [line.split(":")[0] for line in out.getvalue().splitlines()] == ["nap", "other"]


def test_rebuild_progress_refuses_unknown_plans_and_rebuilds_none(reported):
    IndicatorProgress.objects.all().delete()

    with pytest.raises(CommandError, match=r"^No plan with the code: missing, nope$"):
        call_command("rebuild_progress", "nap", "nope", "missing", stdout=StringIO())

    assert not IndicatorProgress.objects.exists()
