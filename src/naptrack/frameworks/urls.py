from django.urls import path

from naptrack.frameworks import views

urlpatterns = [
    path("", views.home, name="home"),
    path("plans/<slug:code>/", views.plan_detail, name="plan-detail"),
    path(
        "plans/<slug:plan_code>/indicators/<str:code>/",
        views.indicator_detail,
        name="indicator-detail",
    ),
    path("organizations/", views.organization_list, name="organization-list"),
    path("organizations/<slug:code>/", views.organization_detail, name="organization-detail"),
]
