"""`naptrack purge_documents`: delete the files of expired documents (the worker does it too)."""

from django.core.management.base import BaseCommand

from naptrack.documents.services import jobs_purge_expired


class Command(BaseCommand):
    help = (
        "Delete the files of documents past their expiry (NAPTRACK_DOCUMENT_TTL_HOURS), end jobs "
        "stuck for longer than that, and forget old failed and expired jobs. Safe to run often."
    )

    def handle(self, *args, **options):
        expired = jobs_purge_expired()
        self.stdout.write(f"{expired} expired document(s) deleted")
