"""The reporting API: the journey of a report, refusals by field, conflicts, evidence, rounds."""

import base64

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from naptrack.reporting import services
from naptrack.reporting.models import Event, Evidence, ReportState, Value, ValueChange
from tests.reporting import conftest as reporting
from tests.reporting.conftest import fill_sbpac

# The reporting tests' fixtures: the world of agencies and users, and English messages.
world = reporting.world
english = reporting.english

PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"


class Api:
    """The test client speaking JSON to /api/v1/ as one user at a time."""

    def __init__(self, client, world):
        self.client = client
        self.world = world

    def as_(self, username: str | None):
        self.client.logout()
        if username:
            self.client.force_login(self.world.users[username])
        return self

    def get(self, path: str, **params):
        return self.client.get(f"/api/v1/{path}", {"lang": "en", **params})

    def post(self, path: str, body=None, **params):
        query = "&".join(f"{k}={v}" for k, v in {"lang": "en", **params}.items())
        return self.client.post(
            f"/api/v1/{path}?{query}", body or {}, content_type="application/json"
        )

    def upload(self, path: str, data: dict):
        return self.client.post(f"/api/v1/{path}?lang=en", data)


@pytest.fixture
def api(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return Api(client, world)


def line_path(world, org: str, code: str) -> str:
    line = world.line(org, code)
    return f"reports/{line.report_id}/lines/{line.pk}/"


# --- Reading ----------------------------------------------------------------------------------------


def test_the_list_holds_the_reports_the_user_may_read(api, world):
    listed = api.as_("reporter.sbpac").get("reports/").json()

    assert [r["organization"]["code"] for r in listed["results"]] == ["sbpac"]
    first = listed["results"][0]
    assert first["state"] == "draft"
    assert first["round"]["plan"] == "nap"
    assert first["round"]["period"] == "FY2568"
    assert first["line_count"] == 2


def test_the_plans_coordinator_lists_reports_only_once_submitted(api, world):
    assert api.as_("coordinator.dwf").get("reports/").json()["count"] == 0

    services.report_submit(actor=world.users["reporter.sbpac"], report=fill_sbpac(world))

    listed = api.get("reports/").json()["results"]
    assert [(r["organization"]["code"], r["state"]) for r in listed] == [("sbpac", "submitted")]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["rtp", "sbpac"]),
        ({"state": "submitted"}, ["sbpac"]),
        ({"state": "draft"}, ["rtp"]),
        ({"organization": "rtp"}, ["rtp"]),
        ({"plan": "nap"}, ["rtp", "sbpac"]),
        ({"plan": "other"}, []),
        ({"round": "999"}, []),
    ],
)
def test_the_list_filters(api, world, build, params, expected):
    services.report_submit(actor=world.users["reporter.sbpac"], report=fill_sbpac(world))
    build.user("root", is_superuser=True)
    api.client.login(username="root", password="pass-root")

    answer = api.get("reports/", **params)

    assert answer.status_code == 200
    assert sorted(r["organization"]["code"] for r in answer.json()["results"]) == expected


@pytest.mark.parametrize(
    ("params", "field"),
    [({"state": "secret"}, "state"), ({"round": "one"}, "round"), ({"plan": "a b"}, "plan")],
)
def test_a_bad_filter_answers_400_naming_it(api, world, params, field):
    answer = api.as_("reporter.sbpac").get("reports/", **params)

    assert answer.status_code == 400
    assert list(answer.json()["errors"]) == [field]


def test_the_list_takes_the_same_queries_however_many_reports(api, world, build):
    api.as_("coordinator.dwf")
    services.report_submit(actor=world.users["reporter.sbpac"], report=fill_sbpac(world))
    with CaptureQueriesContext(connection) as one:
        assert api.get("reports/").json()["count"] == 1
    rtp = world.report("rtp")
    rtp.state = ReportState.SUBMITTED  # a test shortcut: the services would need RTP's figures
    rtp.save()
    with CaptureQueriesContext(connection) as two:
        assert api.get("reports/").json()["count"] == 2

    assert len(two) == len(one)


def test_a_report_shows_lines_values_narrative_evidence_and_allowed_actions(api, world):
    report = fill_sbpac(world)
    services.evidence_add(
        actor=world.users["reporter.sbpac"],
        report=report,
        title="Training list",
        upload=SimpleUploadedFile("list.pdf", PDF),
        line=world.line("sbpac", "1.1.1"),
    )

    body = api.as_("reporter.sbpac").get(f"reports/{report.pk}/").json()

    assert body["state"] == "draft"
    assert body["narrative"]["progress"] == "Training held in Pattani, Yala and Narathiwat."
    assert body["narrative"]["version"] == body["version"]
    assert body["allowed_actions"] == {
        "edit": True,
        "submit": True,
        "approve": False,
        "return": False,
        "accept": False,
        "reopen": False,
    }
    mediators = next(line for line in body["lines"] if line["indicator"]["code"] == "1.1.1")
    assert mediators["indicator"]["name"] == "Women mediators trained"
    assert mediators["indicator"]["unit"] == "persons"
    assert mediators["indicator"]["value_type"] == "number"
    assert mediators["rating"] == "on_track"
    assert [(v["breakdown"], v["value"]) for v in mediators["values"]] == [
        (None, 120),
        ("sex=female", 70),
        ("sex=male", 50),
    ]
    assert mediators["values"][1]["options"] == [
        {"dimension": "sex", "code": "female", "name": "female"}
    ]
    share = next(line for line in body["lines"] if line["indicator"]["code"] == "1.1.2")
    assert share["values"][0] | {"updated_at": None} == {
        "breakdown": None,
        "options": [],
        "value": 30,
        "numerator": 12,
        "denominator": 40,
        "text": "",
        "milestone_status": "",
        "updated_at": None,
    }
    [evidence] = body["evidence"]
    assert evidence["line"] == mediators["id"]
    assert evidence["content_type"] == "application/pdf"
    assert (
        evidence["download_url"] == f"http://testserver/api/v1/evidence/{evidence['id']}/download/"
    )


def test_the_report_takes_the_same_queries_however_many_lines_are_filled(api, world):
    reporter = world.users["reporter.sbpac"]
    report = world.report("sbpac")

    def save(code, figures):
        line = world.line("sbpac", code)
        services.line_save(
            actor=reporter, line=line, expected_version=line.version, figures=figures
        )
        services.evidence_add(
            actor=reporter, report=report, title=code, url="https://example.org/", line=line
        )

    api.as_("reporter.sbpac")
    save("1.1.1", {None: {"value": "3"}, "sex=female": {"value": "1"}, "sex=male": {"value": "2"}})
    with CaptureQueriesContext(connection) as one_line:
        api.get(f"reports/{report.pk}/")
    save("1.1.2", {None: {"numerator": "1", "denominator": "4"}})
    with CaptureQueriesContext(connection) as two_lines:
        api.get(f"reports/{report.pk}/")

    assert len(two_lines) == len(one_line)


# --- The journey ------------------------------------------------------------------------------------


def test_a_report_goes_through_its_whole_life_through_the_api(api, world):
    report = world.report("sbpac")
    mediators, share = world.line("sbpac", "1.1.1"), world.line("sbpac", "1.1.2")

    api.as_("reporter.sbpac")
    saved = api.post(
        line_path(world, "sbpac", "1.1.1"),
        {
            "expected_version": mediators.version,
            "figures": [
                {"breakdown": None, "value": 120},
                {"breakdown": "sex=female", "value": "70"},
                {"breakdown": "sex=male", "value": "๕๐"},
            ],
            "comment": "Three provinces",
            "rating": "on_track",
        },
    )
    assert saved.status_code == 200, saved.json()
    assert saved.json()["version"] == mediators.version + 1
    assert [v["value"] for v in saved.json()["values"]] == [120, 70, 50]
    assert (
        api.post(
            line_path(world, "sbpac", "1.1.2"),
            {
                "expected_version": share.version,
                "figures": [{"numerator": 12, "denominator": 40}],
                "rating": "achieved",
            },
        ).status_code
        == 200
    )
    narrative = api.post(
        f"reports/{report.pk}/narrative/",
        {"expected_version": report.version, "progress": "Training held in Pattani."},
    )
    assert narrative.status_code == 200
    assert narrative.json()["progress"] == "Training held in Pattani."
    attached = api.upload(
        f"reports/{report.pk}/evidence/",
        {"title": "Attendance", "file": SimpleUploadedFile("attendance.pdf", PDF)},
    )
    assert attached.status_code == 201, attached.json()
    submitted = api.post(f"reports/{report.pk}/submit/")
    assert submitted.status_code == 200, submitted.json()
    assert submitted.json()["state"] == "submitted"
    assert submitted.json()["allowed_actions"]["edit"] is False

    returned = api.as_("approver.sbpac").post(
        f"reports/{report.pk}/return/", {"feedback": "Add the Yala figures"}
    )
    assert returned.json()["state"] == "returned"

    api.as_("reporter.sbpac")
    mediators.refresh_from_db()
    assert (
        api.post(
            line_path(world, "sbpac", "1.1.1"),
            {
                "expected_version": mediators.version,
                "figures": [
                    {"value": 130},
                    {"breakdown": "sex=female", "value": 80},
                    {"breakdown": "sex=male", "value": 50},
                ],
            },
        ).status_code
        == 200
    )
    assert api.post(f"reports/{report.pk}/submit/").json()["state"] == "submitted"
    approved = api.as_("approver.sbpac").post(f"reports/{report.pk}/approve/", {"comment": "OK"})
    assert approved.json()["state"] == "approved"
    accepted = api.as_("coordinator.dwf").post(f"reports/{report.pk}/accept/")
    assert accepted.status_code == 200
    assert accepted.json()["state"] == "accepted"
    assert accepted.json()["allowed_actions"]["reopen"] is True

    kinds = list(Event.objects.filter(report=report).order_by("pk").values_list("kind", flat=True))
    assert kinds == [
        "opened",
        "evidence_added",
        "submitted",
        "returned",
        "submitted",
        "approved",
        "accepted",
    ]
    assert set(
        Value.objects.filter(line__report=report).values_list("entered_by__username", flat=True)
    ) == {"reporter.sbpac"}

    reopened = api.post(f"reports/{report.pk}/reopen/", {"reason": "Pattani figures corrected"})
    assert reopened.json()["state"] == "returned"


def test_http_basic_authentication_works_as_curl_sends_it(client, world):
    token = base64.b64encode(b"reporter.sbpac:pass-reporter.sbpac").decode()

    answer = client.get("/api/v1/reports/", HTTP_AUTHORIZATION=f"Basic {token}")

    assert answer.status_code == 200
    assert answer.json()["count"] == 1


# --- Refusals -----------------------------------------------------------------------------------------


def test_invalid_figures_are_refused_by_breakdown_and_nothing_is_stored(api, world):
    line = world.line("sbpac", "1.1.2")

    answer = api.as_("reporter.sbpac").post(
        line_path(world, "sbpac", "1.1.2"),
        {"expected_version": line.version, "figures": [{"value": 140}], "comment": "kept?"},
    )

    assert answer.status_code == 400
    assert answer.json() == {
        "detail": "Some figures are not valid.",
        "figures": {"": {"value": ["A percentage must be between 0 and 100; 140 is not."]}},
    }
    line.refresh_from_db()
    assert (line.comment, line.version, line.values.count()) == ("", 1, 0)


def test_each_breakdown_gets_its_own_messages(api, world):
    line = world.line("sbpac", "1.1.1")

    answer = api.as_("reporter.sbpac").post(
        line_path(world, "sbpac", "1.1.1"),
        {
            "expected_version": line.version,
            "figures": [
                {"breakdown": None, "value": "-3"},
                {"breakdown": "sex=female", "value": "many"},
                {"breakdown": "sex=other", "value": 1},
            ],
            "rating": "",
        },
    )

    assert answer.status_code == 400
    assert answer.json()["figures"] == {
        "": {"value": ["A count or amount cannot be negative."]},
        "sex=female": {"value": ["“many” is not a number."]},
        "sex=other": {"breakdown": ["“sex=other” is not a breakdown of this indicator."]},
    }
    assert Value.objects.filter(line=line).count() == 0


def test_a_numerator_above_the_denominator_is_refused(api, world):
    line = world.line("sbpac", "1.1.2")

    answer = api.as_("reporter.sbpac").post(
        line_path(world, "sbpac", "1.1.2"),
        {"expected_version": line.version, "figures": [{"numerator": 50, "denominator": 40}]},
    )

    assert answer.json()["figures"] == {
        "": {"numerator": ["The numerator (50) cannot be larger than the denominator (40)."]}
    }


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({}, {"expected_version": ["This field is required."]}),
        ({"expected_version": "one"}, {"expected_version": ["A valid integer is required."]}),
        (
            {"expected_version": 1, "figures": [{"value": True}]},
            {"figures.0.value": ["Give a number or a text."]},
        ),
        (
            {"expected_version": 1, "figures": [{"value": {"$gt": 1}}]},
            {"figures.0.value": ["Give a number or a text."]},
        ),
        (
            {"expected_version": 1, "figures": [{"value": 1}, {"breakdown": "", "value": 2}]},
            {"figures.1.breakdown": ["This breakdown is given twice."]},
        ),
        (
            {"expected_version": 1, "figures": "120"},
            {"figures.non_field_errors": ['Expected a list of items but got type "str".']},
        ),
        (
            {"expected_version": 1, "rating": "great"},
            {"rating": ['"great" is not a valid choice.']},
        ),
    ],
)
def test_a_body_of_the_wrong_shape_is_refused_by_field(api, world, body, errors):
    answer = api.as_("reporter.sbpac").post(line_path(world, "sbpac", "1.1.1"), body)

    assert answer.status_code == 400
    assert answer.json() == {"detail": "Some fields are not valid.", "errors": errors}


def test_malformed_json_is_refused(api, world):
    api.as_("reporter.sbpac")
    answer = api.client.post(
        f"/api/v1/{line_path(world, 'sbpac', '1.1.1')}", "{", content_type="application/json"
    )

    assert answer.status_code == 400
    assert answer.json()["detail"].startswith("JSON parse error")


def test_a_second_save_on_the_same_version_is_refused_with_both_values(api, world):
    line = world.line("sbpac", "1.1.2")
    first = {"expected_version": line.version, "figures": [{"numerator": 10, "denominator": 40}]}
    second = {"expected_version": line.version, "figures": [{"numerator": 20, "denominator": 40}]}
    assert (
        api.as_("reporter.sbpac").post(line_path(world, "sbpac", "1.1.2"), first).status_code == 200
    )

    answer = api.as_("reporter2.sbpac").post(line_path(world, "sbpac", "1.1.2"), second)

    assert answer.status_code == 409
    body = answer.json()
    assert body["detail"].startswith("reporter.sbpac changed this indicator after you opened it.")
    assert body["current"][""]["numerator"] == "10"
    assert body["attempted"][""]["numerator"] == "20"
    assert body["changed_by"] == "reporter.sbpac"
    value = Value.objects.get(line=line)
    assert value.numerator == 10
    assert Event.objects.filter(report=line.report, kind="conflict").count() == 1
    assert ValueChange.objects.filter(value=value).count() == 1


def test_a_stale_narrative_is_refused_with_both_texts(api, world):
    report = world.report("sbpac")
    api.as_("reporter.sbpac")
    assert (
        api.post(
            f"reports/{report.pk}/narrative/", {"expected_version": 1, "progress": "First"}
        ).status_code
        == 200
    )

    answer = api.post(
        f"reports/{report.pk}/narrative/", {"expected_version": 1, "progress": "Second"}
    )

    assert answer.status_code == 409
    assert answer.json()["current"]["progress"] == "First"
    assert answer.json()["attempted"] == {"progress": "Second"}


def test_html_in_the_narrative_is_kept_as_text(api, world):
    report = world.report("sbpac")
    text = '<script>alert("x")</script><b>Progress</b>'

    answer = api.as_("reporter.sbpac").post(
        f"reports/{report.pk}/narrative/", {"expected_version": 1, "progress": text}
    )

    assert answer.json()["progress"] == text
    assert answer["Content-Type"] == "application/json"


def test_submitting_lists_every_problem_at_once_with_its_line(api, world):
    report = world.report("sbpac")

    answer = api.as_("reporter.sbpac").post(f"reports/{report.pk}/submit/")

    assert answer.status_code == 422
    body = answer.json()
    assert body["detail"] == "The report cannot be submitted yet."
    mediators = world.line("sbpac", "1.1.1")
    assert {
        "line": mediators.pk,
        "indicator": "1.1.1",
        "field": "value",
        "message": "Enter a value, or rate the indicator “No data” and say why.",
        "warning": False,
    } in body["problems"]
    assert {
        "line": None,
        "indicator": None,
        "field": "progress",
        "message": "Describe the progress made in this period.",
        "warning": False,
    } in body["problems"]
    assert len(body["problems"]) == 5
    assert world.report("sbpac").state == "draft"


def test_a_warning_is_lifted_by_a_confirmation(api, world, monkeypatch):
    from decimal import Decimal

    report = fill_sbpac(world)
    mediators = world.line("sbpac", "1.1.1")
    monkeypatch.setattr(
        services, "previous_totals", lambda report: {mediators.indicator_id: Decimal(10)}
    )
    api.as_("reporter.sbpac")

    warned = api.post(f"reports/{report.pk}/submit/")
    assert warned.status_code == 422
    [problem] = warned.json()["problems"]
    assert (problem["line"], problem["warning"]) == (mediators.pk, True)

    confirmed = api.post(
        f"reports/{report.pk}/submit/",
        {"confirmations": {str(mediators.pk): "A new training programme started."}},
    )
    assert confirmed.status_code == 200
    assert confirmed.json()["state"] == "submitted"


def test_a_step_the_user_may_not_take_answers_403_with_the_reason(api, world):
    report = fill_sbpac(world)

    answer = api.as_("viewer.sbpac").post(f"reports/{report.pk}/submit/")

    assert answer.status_code == 403
    assert answer.json() == {"detail": "You cannot submit this report now."}


def test_returning_needs_feedback(api, world):
    report = services.report_submit(actor=world.users["reporter.sbpac"], report=fill_sbpac(world))

    answer = api.as_("approver.sbpac").post(f"reports/{report.pk}/return/", {"feedback": " "})

    assert answer.status_code == 400
    assert answer.json() == {
        "detail": "Tell the reporters what to fix.",
        "errors": {"feedback": ["Tell the reporters what to fix."]},
    }


def test_changing_figures_after_approval_needs_a_reason(api, world):
    report = fill_sbpac(world)
    reporter = world.users["reporter.sbpac"]
    services.report_submit(actor=reporter, report=report)
    services.report_approve(actor=world.users["approver.sbpac"], report=report)
    services.report_return(actor=world.users["coordinator.dwf"], report=report, feedback="Check")
    line = world.line("sbpac", "1.1.2")
    body = {"expected_version": line.version, "figures": [{"numerator": 13, "denominator": 40}]}

    refused = api.as_("reporter.sbpac").post(line_path(world, "sbpac", "1.1.2"), body)
    assert refused.status_code == 400
    assert refused.json()["errors"] == {
        "reason": ["This report was approved before: say why you change its figures."]
    }

    saved = api.post(line_path(world, "sbpac", "1.1.2"), {**body, "reason": "Typo in register"})
    assert saved.status_code == 200
    assert ValueChange.objects.filter(reason="Typo in register").count() == 1


# --- Evidence ---------------------------------------------------------------------------------------------


def test_evidence_is_attached_to_a_line_and_downloaded_by_its_url(api, world, client):
    report = world.report("sbpac")
    line = world.line("sbpac", "1.1.1")

    answer = api.as_("reporter.sbpac").upload(
        f"reports/{report.pk}/evidence/",
        {
            "title": "Attendance",
            "description": "Signed list",
            "line": line.pk,
            "file": SimpleUploadedFile("../../etc/รายชื่อ.pdf", PDF),
        },
    )

    assert answer.status_code == 201, answer.json()
    body = answer.json()
    assert body["line"] == line.pk
    assert body["original_name"] == "รายชื่อ.pdf"
    assert body["size"] == len(PDF)
    item = Evidence.objects.get(pk=body["id"])
    assert item.file.name == f"evidence/{report.round_id}/{report.pk}/{item.sha256}.pdf"
    download = client.get(body["download_url"].removeprefix("http://testserver"))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF


def test_a_link_is_evidence_too(api, world):
    report = world.report("sbpac")

    answer = api.as_("reporter.sbpac").upload(
        f"reports/{report.pk}/evidence/",
        {"title": "Press release", "url": "https://www.example.go.th/news/1"},
    )

    assert answer.status_code == 201
    assert answer.json()["url"] == "https://www.example.go.th/news/1"
    assert answer.json()["download_url"] is None


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": "Tool", "file": SimpleUploadedFile("report.pdf", EXE)}, "file"),
        ({"title": "Empty", "file": SimpleUploadedFile("empty.pdf", b"")}, "file"),
        ({"title": "Nothing"}, "file"),
        ({"title": "", "url": "https://example.org/"}, "title"),
        ({"title": "Script", "url": "javascript:alert(1)"}, "url"),
        ({"title": "Other line", "url": "https://example.org/", "line": 999999}, "line"),
    ],
)
def test_unacceptable_evidence_is_refused_and_nothing_is_stored(api, world, data, field, tmp_path):
    report = world.report("sbpac")

    answer = api.as_("reporter.sbpac").upload(f"reports/{report.pk}/evidence/", data)

    assert answer.status_code == 400
    assert field in answer.json()["errors"]
    assert not Evidence.objects.exists()
    assert not any(p.is_file() for p in tmp_path.rglob("*"))


def test_a_file_above_the_limit_is_refused_before_it_is_read(api, world, settings):
    settings.NAPTRACK_EVIDENCE_MAX_MB = 1
    report = world.report("sbpac")

    answer = api.as_("reporter.sbpac").upload(
        f"reports/{report.pk}/evidence/",
        {"title": "Scan", "file": SimpleUploadedFile("scan.pdf", PDF + b"0" * 2 * 1024 * 1024)},
    )

    assert answer.status_code == 400
    assert answer.json()["errors"] == {"file": ["The file is too large: the limit is 1 MB."]}


# --- Rounds -----------------------------------------------------------------------------------------------


def test_rounds_count_reports_by_state(api, world):
    services.report_submit(actor=world.users["reporter.sbpac"], report=fill_sbpac(world))

    coordinator = api.as_("coordinator.dwf").get(f"rounds/{world.round.pk}/").json()
    reporter = api.as_("reporter.rtp").get("rounds/").json()["results"]

    assert coordinator["counts"] == {
        "draft": 1,
        "submitted": 1,
        "returned": 0,
        "approved": 0,
        "accepted": 0,
        "locked": 0,
    }
    assert coordinator["report_count"] == 2
    assert coordinator["period"]["code"] == "FY2568"
    # Another agency counts only what it may read: its own draft.
    assert [(r["id"], r["counts"]["draft"], r["report_count"]) for r in reporter] == [
        (world.round.pk, 1, 1)
    ]


def test_a_round_the_user_takes_no_part_in_is_not_found(api, world, build):
    build.organization("mfa", name_en="Ministry of Foreign Affairs")
    build.user("outsider", organization="mfa", role="coordinator")
    api.client.login(username="outsider", password="pass-outsider")

    assert api.get("rounds/").json()["count"] == 0
    assert api.get(f"rounds/{world.round.pk}/").status_code == 404


def test_an_api_client_signed_in_with_basic_auth_downloads_evidence_of_its_own_report(
    client, world, settings, tmp_path
):
    import base64

    from django.core.files.uploadedfile import SimpleUploadedFile

    from naptrack.reporting import services as reporting_services

    settings.MEDIA_ROOT = tmp_path
    pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    item = reporting_services.evidence_add(
        actor=world.users["reporter.sbpac"],
        report=world.report("sbpac"),
        title="Attendance list",
        upload=SimpleUploadedFile("รายชื่อ.pdf", pdf, content_type="application/pdf"),
    )

    def basic(username):
        return {
            "HTTP_AUTHORIZATION": "Basic "
            + base64.b64encode(f"{username}:pass-{username}".encode()).decode()
        }

    response = client.get(f"/api/v1/evidence/{item.pk}/download/", **basic("reporter.sbpac"))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf
    assert response["Content-Security-Policy"] == "sandbox"
    assert (
        client.get(f"/api/v1/evidence/{item.pk}/download/", **basic("reporter.rtp")).status_code
        == 404
    )
    detail = client.get(
        f"/api/v1/reports/{world.report('sbpac').pk}/", **basic("reporter.sbpac")
    ).json()
    assert detail["evidence"][0]["download_url"].endswith(f"/api/v1/evidence/{item.pk}/download/")


def test_basic_credentials_with_a_nul_byte_are_refused_not_a_server_error(client, db):
    import base64

    header = "Basic " + base64.b64encode(b"reporter\x00x:secret").decode()
    response = client.get("/api/v1/rounds/", HTTP_AUTHORIZATION=header)
    assert response.status_code in (401, 403)
