from django.urls import path

from naptrack.analytics import views_dashboards, views_map, views_pivot

urlpatterns = [
    path(
        "plans/<slug:code>/dashboard/",
        views_dashboards.plan_dashboard,
        name="plan-dashboard",
    ),
    path(
        "plans/<slug:plan_code>/dashboard/indicators/<str:code>/",
        views_dashboards.indicator_dashboard,
        name="indicator-dashboard",
    ),
    path(
        "organizations/<slug:code>/scorecard/",
        views_dashboards.agency_scorecard,
        name="agency-scorecard",
    ),
    path("plans/<slug:code>/map/", views_map.province_map, name="province-map"),
    path("plans/<slug:code>/pivot/", views_pivot.pivot, name="pivot"),
]
