from django.urls import path

from naptrack.notifications import views

urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:pk>/read/", views.mark_read, name="notification-read"),
]
