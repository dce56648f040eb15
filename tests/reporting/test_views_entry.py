"""The report page: a reporter fills values (htmx and plain posts), refusals keep what was typed."""

import re

import pytest
from django.urls import reverse

from naptrack.reporting import services
from naptrack.reporting.models import Event, ReportState, Value, ValueChange
from tests.reporting.conftest import fill_sbpac

HTMX = {"HX-Request": "true"}


def detail_url(report):
    return reverse("report-detail", args=[report.pk])


def save_url(line):
    return reverse("report-line-save", args=[line.report_id, line.pk])


def signed_in(client, world, username):
    client.force_login(world.users[username])
    return client


def total(line):
    value = Value.objects.filter(line=line, breakdown__isnull=True).first()
    return value


def input_value(html: str, name: str) -> str | None:
    match = re.search(rf'name="{re.escape(name)}" value="([^"]*)"', html)
    return match.group(1) if match else None


def test_the_report_page_shows_every_indicator_with_its_inputs_target_and_breakdown(client, world):
    report = world.report("sbpac")
    line = world.line("sbpac", "1.1.1")
    share = world.line("sbpac", "1.1.2")

    page = signed_in(client, world, "reporter.sbpac").get(detail_url(report))

    assert page.status_code == 200
    html = page.content.decode()
    assert "Women mediators trained" in html and "Share of women in peace committees" in html
    # A number with a breakdown by sex: a cell per option, labelled, then the total.
    assert 'name="b|sex=female|value"' in html and 'name="b|sex=male|value"' in html
    assert f'<label class="visually-hidden" for="l{line.pk}-c0-value">female: Value</label>' in html
    assert 'name="total|value"' in html
    # A percentage takes a numerator and a denominator, and shows the percentage.
    assert f'id="l{share.pk}-t-numerator"' in html and f'id="l{share.pk}-t-denominator"' in html
    # The period's target beside the line; no accepted value last period.
    target = re.search(rf'id="line-{line.pk}".*?data-target>(.*?)</dd>', html, re.S).group(1)
    assert "100 persons" in target
    assert f'hx-post="{save_url(line)}"' in html
    assert f'name="expected_version" value="{line.version}"' in html


def test_a_plain_post_saves_and_goes_back_to_the_line(client, world):
    line = world.line("sbpac", "1.1.1")

    response = signed_in(client, world, "reporter.sbpac").post(
        save_url(line),
        {
            "expected_version": line.version,
            "total|value": "1,200",
            "b|sex=female|value": "๗๐๐",
            "b|sex=male|value": "500",
            "rating": "on_track",
            "rating_reason": "",
            "comment": "Trainings in three provinces",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == detail_url(line.report) + f"#line-{line.pk}"
    line.refresh_from_db()
    assert total(line).value == 1200
    assert Value.objects.get(line=line, breakdown__key="sex=female").value == 700
    assert (line.rating, line.comment, line.version) == (
        "on_track",
        "Trainings in three provinces",
        2,
    )
    assert ValueChange.objects.filter(report=line.report).count() == 3


def test_an_htmx_save_answers_with_the_saved_line_and_the_new_completeness(client, world):
    line = world.line("sbpac", "1.1.1")

    response = signed_in(client, world, "reporter.sbpac").post(
        save_url(line),
        {"expected_version": line.version, "total|value": "120", "b|sex=female|value": "70"},
        headers=HTMX,
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(f'<section class="card line-card" id="line-{line.pk}"')
    assert 'data-save-state="saved"' in html
    assert 'name="expected_version" value="2"' in html
    assert input_value(html, "b|sex=female|value") == "70"
    assert '<span id="report-completeness" hx-swap-oob="true">' in html
    assert "1 of 2" in html
    assert "<html" not in html


def test_a_refused_figure_keeps_what_was_typed_and_shows_the_error_beside_it(client, world):
    share = world.line("sbpac", "1.1.2")
    client = signed_in(client, world, "reporter.sbpac")

    response = client.post(
        save_url(share),
        {
            "expected_version": share.version,
            "total|numerator": "140",
            "total|denominator": "100",
            "comment": "typed before the error",
        },
        headers=HTMX,
    )

    html = response.content.decode()
    assert 'data-save-state="invalid"' in html
    assert input_value(html, "total|numerator") == "140"
    assert input_value(html, "total|denominator") == "100"
    assert "typed before the error</textarea>" in html
    assert (
        f'<p class="field-error" id="l{share.pk}-t-numerator-error">'
        "The numerator (140) cannot be larger than the denominator (100).</p>"
    ) in html
    assert f'aria-describedby="l{share.pk}-t-numerator-error"' in html
    assert not Value.objects.filter(line=share).exists()
    share.refresh_from_db()
    assert share.version == 1 and share.comment == ""


def test_a_percentage_of_140_typed_directly_is_refused(client, world):
    share = world.line("sbpac", "1.1.2")

    response = signed_in(client, world, "reporter.sbpac").post(
        save_url(share), {"expected_version": share.version, "total|value": "140"}, headers=HTMX
    )

    assert "A percentage must be between 0 and 100; 140 is not." in response.content.decode()
    assert not Value.objects.filter(line=share).exists()


def test_without_javascript_a_refusal_shows_the_whole_page_with_what_was_typed(client, world):
    line = world.line("sbpac", "1.1.1")

    response = signed_in(client, world, "reporter.sbpac").post(
        save_url(line),
        {
            "expected_version": line.version,
            "total|value": "120",
            "b|sex=female|value": "seventy",
            "b|sex=male|value": "50",
        },
    )

    assert response.status_code == 422
    html = response.content.decode()
    assert "<html" in html and "Share of women in peace committees" in html
    assert input_value(html, "b|sex=female|value") == "seventy"
    assert input_value(html, "b|sex=male|value") == "50"
    assert f'id="l{line.pk}-c0-value-error">“seventy” is not a number.</p>' in html
    assert not Value.objects.filter(line=line).exists()


def test_a_breakdown_the_indicator_does_not_have_is_refused_beside_the_grid(client, world):
    line = world.line("sbpac", "1.1.1")

    response = signed_in(client, world, "reporter.sbpac").post(
        save_url(line),
        {"expected_version": line.version, "b|province=TH-94|value": "5"},
        headers=HTMX,
    )

    html = response.content.decode()
    assert f'id="l{line.pk}-breakdown-error">“province=TH-94” is not a breakdown' in html
    assert not Value.objects.filter(line=line).exists()


def test_a_conflict_shows_both_values_and_overwrites_only_when_asked(client, world):
    line = world.line("sbpac", "1.1.1")
    seen_version = line.version
    services.line_save(
        actor=world.users["reporter2.sbpac"],
        line=line,
        expected_version=seen_version,
        figures={None: {"value": "80"}},
    )
    client = signed_in(client, world, "reporter.sbpac")

    response = client.post(
        save_url(line),
        {"expected_version": seen_version, "total|value": "95", "comment": "mine"},
        headers=HTMX,
    )

    html = response.content.decode()
    assert 'data-save-state="conflict"' in html
    assert "changed this indicator after you opened it" in html
    row = re.search(r"<tr><th scope=\"row\">Total: Value</th>(.*?)</tr>", html).group(1)
    assert "<td data-saved>80</td>" in row and "<td data-yours>95</td>" in row
    # What the user typed stays in the inputs; the form stays on the old version and no longer
    # saves while typing, so that nothing overwrites the other person's value by accident.
    assert input_value(html, "total|value") == "95"
    assert f'name="expected_version" value="{seen_version}"' in html
    assert 'hx-trigger="submit"' in html
    assert 'name="overwrite_version" value="2"' in html
    assert total(line).value == 80
    assert Event.objects.filter(report=line.report, kind="conflict").count() == 1

    again = client.post(
        save_url(line),
        {"expected_version": seen_version, "overwrite_version": "2", "total|value": "95"},
        headers=HTMX,
    )

    assert 'data-save-state="saved"' in again.content.decode()
    assert total(line).value == 95
    history = [
        (change.changed_by.username, change.after["value"])
        for change in ValueChange.objects.filter(value__line=line).order_by("pk")
    ]
    assert history == [("reporter2.sbpac", "80"), ("reporter.sbpac", "95")]


def test_a_conflict_without_javascript_answers_409_with_both_values(client, world):
    line = world.line("sbpac", "1.1.1")
    services.line_save(
        actor=world.users["reporter2.sbpac"],
        line=line,
        expected_version=1,
        figures={None: {"value": "80"}},
    )

    response = signed_in(client, world, "reporter.sbpac").post(
        save_url(line), {"expected_version": "1", "total|value": "95"}
    )

    assert response.status_code == 409
    html = response.content.decode()
    assert "<td data-saved>80</td>" in html and "<td data-yours>95</td>" in html


def test_discarding_my_values_loads_the_saved_line(client, world):
    line = world.line("sbpac", "1.1.1")
    services.line_save(
        actor=world.users["reporter2.sbpac"],
        line=line,
        expected_version=1,
        figures={None: {"value": "80"}},
    )

    response = signed_in(client, world, "reporter.sbpac").get(save_url(line), headers=HTMX)

    html = response.content.decode()
    assert input_value(html, "total|value") == "80"
    assert 'name="expected_version" value="2"' in html


def test_submitting_an_empty_report_lists_every_problem_at_the_top_and_beside_the_fields(
    client, world
):
    report = world.report("sbpac")
    mediators = world.line("sbpac", "1.1.1")
    share = world.line("sbpac", "1.1.2")

    response = signed_in(client, world, "reporter.sbpac").post(
        reverse("report-action", args=[report.pk, "submit"])
    )

    assert response.status_code == 422
    html = response.content.decode()
    summary = re.search(r'<section class="problems".*?</section>', html, re.S).group(0)
    assert "5 things to fix" in summary
    links = re.findall(r'<a href="#([^"]+)">', summary)
    assert links == [
        f"l{mediators.pk}-t-value",
        f"l{mediators.pk}-rating",
        f"l{share.pk}-t-numerator",
        f"l{share.pk}-rating",
        "narrative-progress",
    ]
    # Each problem also sits beside its field, and the field points to it.
    assert f'id="l{mediators.pk}-rating-error">Choose a status rating.</p>' in html
    assert f'aria-describedby="l{mediators.pk}-rating-error"' in html
    assert 'id="narrative-progress-error">Describe the progress made in this period.</p>' in html
    assert world.report("sbpac").state == ReportState.DRAFT


def test_a_warning_is_confirmed_with_a_reason_and_then_the_report_goes(client, world, build):
    from naptrack.core.services import SYSTEM
    from naptrack.periods.services import period_get_or_create

    earlier = services.round_open(
        actor=SYSTEM,
        plan=world.plan,
        period=period_get_or_create("FY2567"),
        opens_on=world.round.opens_on,
        due_on=world.round.due_on,
        closes_on=world.round.closes_on,
    )
    old = earlier.reports.get(organization=world.orgs["sbpac"])
    for line in old.lines.all():
        services.line_save(
            actor=SYSTEM,
            line=line,
            expected_version=line.version,
            figures={None: {"value": "10"} if line.indicator.code == "1.1.1" else {"value": "20"}},
            rating="on_track",
        )
    services.report_save_narrative(
        actor=SYSTEM, report=old, expected_version=old.version, progress="Earlier"
    )
    old = services.report_submit(actor=SYSTEM, report=old)
    old = services.report_approve(actor=SYSTEM, report=old)
    services.report_accept(actor=SYSTEM, report=old)
    report = fill_sbpac(world)
    mediators = world.line("sbpac", "1.1.1")
    client = signed_in(client, world, "reporter.sbpac")
    submit = reverse("report-action", args=[report.pk, "submit"])

    refused = client.post(submit)

    html = refused.content.decode()
    assert refused.status_code == 422
    assert "120 is far from last period&#x27;s 10" in html
    assert f'name="confirm-{mediators.pk}"' in html
    assert re.search(rf'id="line-{mediators.pk}".*?data-previous>10 persons</dd>', html, re.S)

    done = client.post(submit, {f"confirm-{mediators.pk}": "A new training programme began"})

    assert done.status_code == 302
    assert world.report("sbpac").state == ReportState.SUBMITTED
    event = Event.objects.get(report=report, kind="submitted")
    assert event.data == {"confirmations": {str(mediators.pk): "A new training programme began"}}


def test_the_approver_returns_with_feedback_and_the_reporter_reads_it(client, world):
    report = fill_sbpac(world)
    services.report_submit(actor=world.users["reporter.sbpac"], report=report)
    approver = signed_in(client, world, "approver.sbpac")
    url = reverse("report-action", args=[report.pk, "return"])

    empty = approver.post(url, {"feedback": "  "})

    assert empty.status_code == 422
    assert (
        'id="return-feedback-error">Tell the reporters what to fix.</p>' in empty.content.decode()
    )

    returned = approver.post(url, {"feedback": "Add the figures for Yala"})

    assert returned.status_code == 302
    assert world.report("sbpac").state == ReportState.RETURNED
    page = signed_in(client, world, "reporter.sbpac").get(detail_url(report)).content.decode()
    assert "Returned with feedback" in page and "Add the figures for Yala" in page
    assert 'name="total|value"' in page  # editable again


def test_approve_then_the_coordinator_accepts(client, world):
    report = fill_sbpac(world)
    services.report_submit(actor=world.users["reporter.sbpac"], report=report)

    approved = signed_in(client, world, "approver.sbpac").post(
        reverse("report-action", args=[report.pk, "approve"]), {"comment": "Checked"}
    )
    assert approved.status_code == 302
    page = client.get(detail_url(report)).content.decode()
    assert "The report was approved" in page

    accepted = signed_in(client, world, "coordinator.dwf").post(
        reverse("report-action", args=[report.pk, "accept"]), {"comment": ""}
    )

    assert accepted.status_code == 302
    assert world.report("sbpac").state == ReportState.ACCEPTED
    kinds = list(Event.objects.filter(report=report).order_by("pk").values_list("kind", flat=True))
    assert kinds == ["opened", "submitted", "approved", "accepted"]


def test_after_reopening_a_change_needs_a_reason_beside_the_line(client, world):
    report = fill_sbpac(world)
    for step, user in (
        (services.report_submit, "reporter.sbpac"),
        (services.report_approve, "approver.sbpac"),
        (services.report_accept, "coordinator.dwf"),
    ):
        report = step(actor=world.users[user], report=report)
    reopened = signed_in(client, world, "coordinator.dwf").post(
        reverse("report-action", args=[report.pk, "reopen"]), {"reason": "Yala figures wrong"}
    )
    assert reopened.status_code == 302
    line = world.line("sbpac", "1.1.1")
    client = signed_in(client, world, "reporter.sbpac")
    page = client.get(detail_url(report)).content.decode()
    assert f'id="l{line.pk}-reason"' in page

    refused = client.post(
        save_url(line),
        {"expected_version": line.version, "total|value": "121", "b|sex=female|value": "71"},
        headers=HTMX,
    )

    assert (
        f'id="l{line.pk}-reason-error">This report was approved before: say why you change its figures.'
        in refused.content.decode()
    )
    assert input_value(refused.content.decode(), "total|value") == "121"

    saved = client.post(
        save_url(line),
        {
            "expected_version": line.version,
            "total|value": "121",
            "b|sex=female|value": "71",
            "reason": "One mediator counted twice",
        },
        headers=HTMX,
    )

    assert 'data-save-state="saved"' in saved.content.decode()
    change = ValueChange.objects.filter(value__line=line).first()
    assert change.reason == "One mediator counted twice"


def test_html_in_the_narrative_is_shown_as_text(client, world):
    report = world.report("sbpac")
    client = signed_in(client, world, "reporter.sbpac")
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'

    saved = client.post(
        reverse("report-narrative-save", args=[report.pk]),
        {"expected_version": report.version, "progress": hostile, "problems": "a & b"},
        headers=HTMX,
    )

    assert 'data-save-state="saved"' in saved.content.decode()
    report.refresh_from_db()
    assert report.progress == hostile
    for html in (saved.content.decode(), client.get(detail_url(report)).content.decode()):
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    fill_sbpac(world)
    services.report_submit(actor=world.users["reporter.sbpac"], report=world.report("sbpac"))
    read_only = signed_in(client, world, "approver.sbpac").get(detail_url(report)).content.decode()
    assert "<script>alert" not in read_only


def test_a_stale_narrative_is_refused_with_both_texts(client, world):
    report = world.report("sbpac")
    services.report_save_narrative(
        actor=world.users["reporter2.sbpac"],
        report=report,
        expected_version=report.version,
        progress="Their text",
    )

    response = signed_in(client, world, "reporter.sbpac").post(
        reverse("report-narrative-save", args=[report.pk]),
        {"expected_version": "1", "progress": "My text"},
        headers=HTMX,
    )

    html = response.content.decode()
    assert 'data-save-state="conflict"' in html
    assert "<td data-saved>Their text</td>" in html and "<td data-yours>My text</td>" in html
    assert ">My text</textarea>" in html
    assert world.report("sbpac").progress == "Their text"


def test_who_may_only_read_sees_the_same_layout_as_text(client, world):
    report = fill_sbpac(world)
    services.report_submit(actor=world.users["reporter.sbpac"], report=report)

    html = signed_in(client, world, "approver.sbpac").get(detail_url(report)).content.decode()

    assert "<input" not in html.split('id="lines-title"')[1].split('id="evidence"')[0]
    assert "data-autosave" not in html
    assert "120 persons" in html and "30%" in html
    assert 'id="action-approve"' in html and 'id="action-return"' in html
    assert 'id="action-submit"' not in html


def test_the_timeline_merges_events_and_value_changes_newest_first(client, world):
    report = fill_sbpac(world)
    services.report_submit(actor=world.users["reporter.sbpac"], report=report)
    services.report_return(
        actor=world.users["approver.sbpac"], report=report, feedback="Check the men"
    )

    html = signed_in(client, world, "reporter.sbpac").get(detail_url(report)).content.decode()

    timeline = re.search(r'<ol class="timeline">.*?</ol>', html, re.S).group(0)
    kinds = re.findall(r'data-kind="([a-z_]+)"', timeline)
    assert kinds == ["returned", "submitted", "value", "value", "opened"]
    assert "Check the men" in timeline
    assert "<del>–</del> → <ins>120</ins>" in timeline
    assert "12 / 40 (30%)" in timeline
    # Today's date in English, whatever the month the suite runs in.
    assert re.search(
        r"\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) 20\d\d "
        r"<span class=\"muted\">\d\d:\d\d</span>",
        timeline,
    )


def test_the_thai_page_writes_buddhist_era_dates(client, world):
    from django.utils import translation

    report = world.report("sbpac")
    client = signed_in(client, world, "reporter.sbpac")
    with translation.override("th"):
        url = detail_url(report)
    html = client.get(url).content.decode()

    assert url.startswith("/th/")
    assert "15 พฤศจิกายน 2568" in html


def _plan_with(build, n: int, code: str):
    """A plan whose single agency reports n indicators of every kind, opened and filled."""
    import datetime as dt

    from naptrack.core.services import SYSTEM
    from naptrack.periods.services import period_get_or_create

    org = build.organization(f"org-{code}")
    user = build.user(f"reporter.{code}", organization=org, role="reporter")
    sex = build.dimension("sex", "female", "male")
    age = build.dimension("age", "young", "adult", "older")
    handle = build.plan(f"plan-{code}", owner=org)
    node = handle.node("1", "Pillar")
    kinds = ["number", "percentage", "yes_no", "milestone", "qualitative"]
    for i in range(n):
        kind = kinds[i % len(kinds)]
        ind = node.indicator(f"1.{i}", f"Indicator {i}", lead=org, value_type=kind)
        if kind == "number":
            ind.breakdown_by(sex, age)
        elif kind == "percentage":
            ind.breakdown_by(sex)
        if kind in ("number", "percentage", "yes_no"):
            ind.target("FY2568", 1)
    round_ = services.round_open(
        actor=SYSTEM,
        plan=handle.plan,
        period=period_get_or_create("FY2568"),
        opens_on=dt.date(2025, 10, 1),
        due_on=dt.date(2025, 11, 15),
        closes_on=dt.date(2025, 12, 31),
    )
    report = round_.reports.get()
    for line in report.lines.select_related("indicator"):
        kind = line.indicator.value_type
        figures = {
            "number": {None: {"value": "5"}, "age=young;sex=female": {"value": "2"}},
            "percentage": {None: {"numerator": "1", "denominator": "4"}},
            "yes_no": {None: {"value": "1"}},
            "milestone": {None: {"milestone_status": "in_progress", "text": "Drafting"}},
            "qualitative": {None: {"text": "Going well"}},
        }[kind]
        services.line_save(
            actor=user, line=line, expected_version=line.version, figures=figures, rating="on_track"
        )
    return report, user


@pytest.mark.parametrize("reader", ["reporter", "coordinator"])
def test_the_report_page_asks_the_same_number_of_queries_for_5_or_15_indicators(
    client, build, reader
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for n, code in ((5, "small"), (15, "large")):
        report, user = _plan_with(build, n, code)
        client.force_login(user)
        url = detail_url(report)
        client.get(url)  # warm the session
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert response.content.decode().count('class="card line-card') == n
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_report_page_stays_within_its_query_budget(
    client, world, django_assert_max_num_queries
):
    report = fill_sbpac(world)
    client = signed_in(client, world, "reporter.sbpac")
    client.get(detail_url(report))

    with django_assert_max_num_queries(30):
        assert client.get(detail_url(report)).status_code == 200


def test_totals_saved_as_the_sum_of_their_cells_are_marked_to_follow_it(client, world):
    report = fill_sbpac(world)  # 70 + 50 = 120
    line = world.line("sbpac", "1.1.1")

    html = signed_in(client, world, "reporter.sbpac").get(detail_url(report)).content.decode()

    assert re.search(
        rf'id="l{line.pk}-t-value" name="total\|value" value="120" data-total data-follows', html
    )


def test_two_breakdowns_make_a_table_whose_totals_can_be_typed_alone(client, build):
    report, user = _plan_with(build, 1, "table")
    line = report.lines.get()
    client.force_login(user)

    html = client.get(detail_url(report)).content.decode()

    table = re.search(rf'<table class="entry-grid" id="l{line.pk}-grid".*?</table>', html, re.S)
    table = table.group(0)
    # Age (three options) runs down the page, sex across; the last column and row are totals.
    assert re.findall(r'<th scope="col">(\w+)</th>', table) == ["female", "male"]
    assert re.findall(r'<th scope="row">(\w+)</th>', table) == ["young", "adult", "older", "Total"]
    assert 'name="b|age=young;sex=female|value" value="2" data-r="0" data-c="0"' in table
    assert 'name="b|age=adult|value"' in table and 'data-margin-row="1"' in table
    assert 'name="b|sex=male|value"' in table and 'data-margin-col="1"' in table

    saved = client.post(
        save_url(line),
        {
            "expected_version": line.version,
            "total|value": "9",
            "b|age=young;sex=female|value": "",
            "b|sex=female|value": "4",
            "b|sex=male|value": "5",
        },
        headers=HTMX,
    )

    assert 'data-save-state="saved"' in saved.content.decode()
    stored = dict(
        Value.objects.filter(line=line, breakdown__isnull=False)
        .exclude(value=None)
        .values_list("breakdown__key", "value")
    )
    assert stored == {"sex=female": 4, "sex=male": 5}
    assert input_value(saved.content.decode(), "b|sex=male|value") == "5"
