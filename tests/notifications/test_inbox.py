"""The inbox: a user's messages newest first, unread highlighted, marked read one by one or all."""

import re

from naptrack.notifications.models import Notification
from naptrack.notifications.services import deliver


def _notes(user, *titles, report=None):
    return [
        deliver([user], kind="reminder", title=title, body=f"Body of {title}", report=report)[0]
        for title in titles
    ]


def test_the_inbox_lists_the_users_messages_newest_first_unread_highlighted(client, world):
    user = world.users["reporter.sbpac"]
    first, second = _notes(user, "First message", "Second message", report=world.report("sbpac"))
    _notes(world.users["reporter.rtp"], "Not for SBPAC")
    first.read_at = first.created_at
    first.save()
    client.force_login(user)
    html = client.get("/en/inbox/").content.decode()
    assert html.index("Second message") < html.index("First message")
    assert "Not for SBPAC" not in html
    assert re.search(rf'id="note-{second.pk}" class="note note-unread"', html)
    assert re.search(rf'id="note-{first.pk}" class="note"', html)
    assert f'href="/en/reports/{world.report("sbpac").pk}/"' in html
    # The header counts the unread messages.
    assert 'Inbox (<span id="inbox-count">1</span>)' in html
    only_unread = client.get("/en/inbox/?show=unread").content.decode()
    assert "Second message" in only_unread and "First message" not in only_unread


def test_marking_read_with_htmx_returns_the_row_and_the_new_count(client, world):
    user = world.users["reporter.sbpac"]
    note, other = _notes(user, "Due soon", "Another")
    client.force_login(user)
    response = client.post(f"/en/inbox/{note.pk}/read/", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="note-{note.pk}" class="note"' in html and "Mark as read" not in html
    assert '<span id="inbox-count" hx-swap-oob="true">1</span>' in html
    note.refresh_from_db()
    other.refresh_from_db()
    assert note.read_at is not None and other.read_at is None


def test_marking_read_without_htmx_goes_back_to_a_safe_address(client, world):
    user = world.users["reporter.sbpac"]
    note, other = _notes(user, "One", "Two")
    client.force_login(user)
    response = client.post(f"/en/inbox/{note.pk}/read/", {"next": "/en/rounds/"})
    assert response["Location"] == "/en/rounds/"
    response = client.post(f"/en/inbox/{other.pk}/read/", {"next": "https://evil.example/"})
    assert response["Location"] == "/en/inbox/"


def test_another_users_message_cannot_be_marked(client, world):
    (note,) = _notes(world.users["reporter.rtp"], "RTP only")
    client.force_login(world.users["reporter.sbpac"])
    assert client.post(f"/en/inbox/{note.pk}/read/").status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_marking_needs_post_and_the_inbox_needs_sign_in(client, world):
    (note,) = _notes(world.users["reporter.sbpac"], "Hello")
    response = client.get("/en/inbox/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.post(f"/en/inbox/{note.pk}/read/").status_code == 302  # to sign in
    client.force_login(world.users["reporter.sbpac"])
    assert client.get(f"/en/inbox/{note.pk}/read/").status_code == 405


def test_mark_all_read_touches_only_the_users_messages(client, world):
    _notes(world.users["reporter.sbpac"], "A", "B")
    (theirs,) = _notes(world.users["reporter.rtp"], "C")
    client.force_login(world.users["reporter.sbpac"])
    response = client.post("/en/inbox/", follow=True)
    assert 'Inbox (<span id="inbox-count">0</span>)' in response.content.decode()
    assert not Notification.objects.filter(
        user=world.users["reporter.sbpac"], read_at__isnull=True
    ).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_signed_out_pages_have_no_inbox_link(client, world):
    html = client.get("/en/").content.decode()
    assert 'id="inbox-link"' not in html
