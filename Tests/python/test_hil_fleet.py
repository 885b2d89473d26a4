"""HIL: 20 drones and 40 deliveries booked at once all complete, with a clean event log per drone."""
from hil_support import finish, lab, run, scenario


@scenario(weight=10)
def twenty_drones_forty_deliveries():
    with lab("twenty_drones_forty_deliveries", drones=20) as the_lab:
        the_lab.register_business()
        ids = [b.id for b in the_lab.book_random(40)]
        final = finish(the_lab, ids, {}, timeout=300)
        assert len({d["droneId"] for d in final.values()}) >= 10, "the work was not spread over the fleet"


def test_twenty_drones_forty_deliveries():
    run("twenty_drones_forty_deliveries")
