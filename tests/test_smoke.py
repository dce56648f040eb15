def test_builder_makes_a_plan_tree(build):
    plan = build.plan("nap-wps", title="NAP WPS")
    pillar = plan.node("1", "Participation")
    outcome = pillar.child("1.1", "Women lead")
    ind = outcome.indicator("1.1.1", "Women mediators", lead="dwf", unit_en="persons")
    ind.target("FY2568", 30)
    assert ind.indicator.targets.get().period.code == "FY2568"
    assert outcome.node.depth == 2


def test_healthz_reports_the_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"]["status"] == "ok"
