"""HIL: a request outside the service area is rejected at the API with a clear error, and nothing flies."""
import pytest

from hil_support import lab, run, scenario
from skyrelay_lab import ZURICH, APIError


@scenario(weight=1)
def request_outside_the_service_area():
    with lab("request_outside_the_service_area", drones=1) as the_lab:
        business = the_lab.register_business()
        inside = (ZURICH.shops[0].lat, ZURICH.shops[0].lon)
        outside = (ZURICH.outside.lat, ZURICH.outside.lon)
        for pickup, dropoff, field in ((inside, outside, "dropoff"), (outside, inside, "pickup")):
            with pytest.raises(APIError) as rejected:
                business.book(pickup, dropoff)
            error = rejected.value
            assert error.status == 422, error
            assert error.code == "outside_service_area", error
            assert error.field == field, error
            assert "service area" in error.message, error
        # Rejected means not stored and not dispatched: no delivery, no drone event.
        assert the_lab.deliveries() == {}
        assert the_lab.fleet()[the_lab.drone_ids[0]].get("phase") in (None, "idle", "landed", "completed")
        assert the_lab.stop() == []


def test_request_outside_the_service_area():
    run("request_outside_the_service_area")
