#ifndef SKYRELAY_CMOSQUITTO_SHIM_H
#define SKYRELAY_CMOSQUITTO_SHIM_H
#include <mosquitto.h>
#include <mqtt_protocol.h>
#endif
