"""Units, bar, plates and body weight through the JSON API, on a real SQLite file
and a real PostgreSQL database: typed in the lifter's units, kept in kg."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient

from backchain.domain.loading import Units, to_kg
from tests.web.conftest import API, Account

KG_PLATES = [25.0, 20.0, 15.0, 10.0, 5.0, 2.5, 1.25]
LB_PLATES = [45.0, 35.0, 25.0, 10.0, 5.0, 2.5]


def test_a_new_lifter_has_kilograms_the_usual_bar_and_plates_and_no_body_weight(
    client: TestClient, ana: Account
) -> None:
    answer = client.get(f"{API}/preferences", headers=ana.headers)
    assert answer.status_code == 200
    assert answer.json() == {
        "units": "kg",
        "bar_kg": 20.0,
        "bar": 20.0,
        "plates_kg": KG_PLATES,
        "plates": KG_PLATES,
        "body_weight_kg": None,
    }


def test_pounds_show_the_usual_pound_bar_and_plates_and_take_bar_and_plates_in_pounds(
    client: TestClient, ana: Account
) -> None:
    switched = client.put(f"{API}/preferences", json={"units": "lb"}, headers=ana.headers)
    assert switched.status_code == 200, switched.text
    body = switched.json()
    assert (body["units"], body["bar"], body["plates"]) == ("lb", 45.0, LB_PLATES)
    assert body["bar_kg"] == pytest.approx(20.41, abs=0.01)

    own = client.put(
        f"{API}/preferences", json={"bar": 35, "plates": [45, 25, 10, 5]}, headers=ana.headers
    ).json()
    assert (own["units"], own["bar"], own["plates"]) == ("lb", 35.0, [45.0, 25.0, 10.0, 5.0])
    assert own["bar_kg"] == pytest.approx(15.88, abs=0.01)
    assert own["plates_kg"] == [to_kg(p, Units.LB) for p in (45, 25, 10, 5)]
    assert client.get(f"{API}/preferences", headers=ana.headers).json() == own

    # Units and equipment in one request: the bar and plates are in the new units.
    both = client.put(
        f"{API}/preferences",
        json={"units": "kg", "bar": 15, "plates": [20, 10, 2.5]},
        headers=ana.headers,
    ).json()
    assert (both["units"], both["bar_kg"], both["plates_kg"]) == ("kg", 15.0, [20.0, 10.0, 2.5])


def test_the_plate_calculator_loads_the_lifter_s_bar_with_their_plates(
    client: TestClient, ana: Account
) -> None:
    kg = client.get(f"{API}/plates", params={"load": 102.5}, headers=ana.headers)
    assert kg.status_code == 200
    assert kg.json() == {
        "units": "kg",
        "load": 102.5,
        "bar": 20.0,
        "per_side": [25.0, 15.0, 1.25],
        "exact": True,
        "total": 102.5,
    }
    client.put(f"{API}/preferences", json={"units": "lb"}, headers=ana.headers)
    lb = client.get(f"{API}/plates", params={"load": 225}, headers=ana.headers).json()
    assert (lb["bar"], lb["per_side"], lb["exact"], lb["total"]) == (45.0, [45.0, 45.0], True, 225)

    client.put(f"{API}/preferences", json={"plates": [45]}, headers=ana.headers)
    short = client.get(f"{API}/plates", params={"load": 200}, headers=ana.headers).json()
    assert (short["per_side"], short["exact"], short["total"]) == ([45.0], False, 135.0)

    for bad in ("-1", "nan", "heavy", "1e9"):
        refused = client.get(f"{API}/plates", params={"load": bad}, headers=ana.headers)
        assert refused.status_code == 422, bad


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"bar": 150}, "bar_kg"),
        ({"units": "lb", "bar": 230}, "bar_kg"),
        ({"plates": [25, 25]}, "plates_kg"),
        ({"plates": [0.1]}, "plates_kg"),
        ({"plates": [60]}, "plates_kg"),
    ],
)
def test_an_impossible_bar_or_plate_is_a_422_naming_the_field_and_changes_nothing(
    client: TestClient, ana: Account, body: dict[str, object], field: str
) -> None:
    before = client.get(f"{API}/preferences", headers=ana.headers).json()
    refused = client.put(f"{API}/preferences", json=body, headers=ana.headers)
    assert refused.status_code == 422, refused.text
    assert refused.json()["field"] == field
    assert client.get(f"{API}/preferences", headers=ana.headers).json() == before


def test_a_badly_shaped_change_is_refused_by_the_schema(client: TestClient, ana: Account) -> None:
    for body in (
        {"units": "stone"},
        {"bar": -1},
        {"plates": []},
        {"plates": [1.0] * 13},
        {"bar_kg": 20},
    ):
        refused = client.put(f"{API}/preferences", json=body, headers=ana.headers)
        assert refused.status_code == 422, body
        assert refused.json()["problems"], body


def test_body_weights_are_typed_in_the_lifter_s_units_one_a_day_and_deleted_by_day(
    client: TestClient, ana: Account, ben: Account
) -> None:
    today = date.today()
    first = client.post(f"{API}/body-weights", json={"weight": 81.5}, headers=ana.headers)
    assert first.status_code == 201
    assert first.json() == {"measured_on": today.isoformat(), "weight_kg": 81.5, "weight": 81.5}

    client.put(f"{API}/preferences", json={"units": "lb"}, headers=ana.headers)
    yesterday = (today - timedelta(days=1)).isoformat()
    in_pounds = client.post(
        f"{API}/body-weights", json={"weight": 180, "measured_on": yesterday}, headers=ana.headers
    ).json()
    assert in_pounds["weight"] == 180.0
    assert in_pounds["weight_kg"] == pytest.approx(81.65, abs=0.01)
    replaced = client.post(
        f"{API}/body-weights", json={"weight": 179, "measured_on": yesterday}, headers=ana.headers
    )
    assert replaced.status_code == 201

    listed = client.get(f"{API}/body-weights", headers=ana.headers).json()
    assert [(e["measured_on"], e["weight"]) for e in listed] == [
        (today.isoformat(), pytest.approx(179.68, abs=0.01)),
        (yesterday, 179.0),
    ]
    assert client.get(f"{API}/preferences", headers=ana.headers).json()["body_weight_kg"] == 81.5
    assert client.get(f"{API}/body-weights", headers=ben.headers).json() == []

    stranger = client.delete(f"{API}/body-weights/{today.isoformat()}", headers=ben.headers)
    assert stranger.status_code == 404
    deleted = client.delete(f"{API}/body-weights/{today.isoformat()}", headers=ana.headers)
    assert deleted.status_code == 204
    again = client.delete(f"{API}/body-weights/{today.isoformat()}", headers=ana.headers)
    assert again.status_code == 404
    assert [
        e["measured_on"] for e in client.get(f"{API}/body-weights", headers=ana.headers).json()
    ] == [yesterday]
    latest = client.get(f"{API}/preferences", headers=ana.headers).json()["body_weight_kg"]
    assert latest == pytest.approx(81.19, abs=0.01)


def test_an_impossible_body_weight_is_a_422_naming_the_field(
    client: TestClient, ana: Account
) -> None:
    light = client.post(f"{API}/body-weights", json={"weight": 15}, headers=ana.headers)
    assert light.status_code == 422
    assert light.json()["field"] == "weight_kg"
    assert "20 to 400 kg" in light.json()["detail"]
    future = (date.today() + timedelta(days=30)).isoformat()
    later = client.post(
        f"{API}/body-weights", json={"weight": 80, "measured_on": future}, headers=ana.headers
    )
    assert later.status_code == 422
    assert later.json()["field"] == "measured_on"
    for body in ({"weight": 0}, {"weight": 2000}, {"weight": 80, "measured_on": "yesterday"}):
        assert client.post(f"{API}/body-weights", json=body, headers=ana.headers).status_code == 422
    assert client.delete(f"{API}/body-weights/not-a-day", headers=ana.headers).status_code == 422
    assert client.get(f"{API}/body-weights", headers=ana.headers).json() == []


def test_the_log_stays_in_kilograms_whatever_the_units(client: TestClient, ana: Account) -> None:
    client.put(f"{API}/preferences", json={"units": "lb"}, headers=ana.headers)
    workout = client.post(f"{API}/workouts", json={"title": "Pull"}, headers=ana.headers).json()
    logged = client.post(
        f"{API}/workouts/{workout['id']}/sets",
        json={"exercise": "hip_thrust", "reps": 8, "load_kg": 100},
        headers=ana.headers,
    ).json()
    assert logged["load_kg"] == 100
    assert client.get(f"{API}/sets/{logged['id']}", headers=ana.headers).json()["load_kg"] == 100
