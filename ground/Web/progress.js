// What the customer is told at each moment of a delivery: the step of the tracking page and the
// status sentence, from the delivery status and the drone's assignment phase together.
//
// The delivery status alone is too coarse for a customer: `pickupInProgress` covers both the flight
// to the pickup and the loading there, so only the phase can say "loading". A status update and a
// telemetry phase can arrive in either order, so the step is the further of what each one proves.
"use strict";

const DeliveryProgress = (() => {
  const STEPS = ["requested", "toPickup", "loading", "toYou", "arriving", "delivered"];
  // Under this many seconds to the dropoff ETA the drone counts as arriving.
  const ARRIVING_SECONDS = 60;

  const FROM_STATUS = { requested: "requested", scheduled: "toPickup", pickupInProgress: "toPickup",
                        inTransit: "toYou", delivered: "delivered", completed: "delivered" };
  const FROM_PHASE = { received: "toPickup", accepted: "toPickup", preflight: "toPickup", takeoff: "toPickup",
                       enRouteToPickup: "toPickup", atPickup: "loading", enRouteToDropoff: "toYou",
                       atDropoff: "arriving" };

  // Sentences for the step when the phase adds nothing more precise.
  const STEP_TEXT = { requested: "waiting for a drone", toPickup: "drone on the way to the pickup",
                      loading: "loading your package at the pickup", toYou: "on the way to you",
                      arriving: "arriving at your address", delivered: "delivered" };
  const PHASE_TEXT = { received: "drone assigned, preparing to take off", accepted: "drone assigned, preparing to take off",
                       preflight: "drone assigned, preparing to take off", takeoff: "drone taking off for the pickup",
                       atDropoff: "arriving: the drone is over your address" };

  // { step, text } for an update ({status, phase, etaDropoff}); step is null once the delivery failed
  // or was cancelled, which no step of the happy path describes.
  function of(update, now = Date.now()) {
    const status = update.status;
    if (status === "cancelled") return { step: null, text: "cancelled" };
    if (status === "failed") return { step: null, text: "not delivered" };
    const byStatus = STEPS.indexOf(FROM_STATUS[status]);
    // A phase from before the delivery's own assignment (or after it ended) says nothing about it.
    const byPhase = byStatus < STEPS.indexOf("delivered") ? STEPS.indexOf(FROM_PHASE[update.phase]) : -1;
    let index = Math.max(byStatus, byPhase);
    if (index < 0) return { step: null, text: status || "–" };
    let step = STEPS[index];
    const eta = update.etaDropoff ? new Date(update.etaDropoff).getTime() : NaN;
    if (step === "toYou" && isFinite(eta) && (eta - now) / 1000 <= ARRIVING_SECONDS) {
      return { step: "arriving", text: "arriving shortly" };
    }
    const precise = index === byPhase ? PHASE_TEXT[update.phase] : null;
    return { step, text: precise || STEP_TEXT[step] };
  }

  return { STEPS, ARRIVING_SECONDS, of };
})();
