"""Orchestration of a complete SkyRelay system on loopback, shared by scripts/demo and the HIL tests.

Python 3 standard library only: it must run on a fresh Debian before anything is pip-installed.
"""
from .api import APIError, GroundAPI, parse_time
from .area import ZURICH, Place, ServiceArea, distance_m
from .eventlog import EventLogReport, check_event_log, event_log
from .lab import TERMINAL, Booking, Lab, LabConfig
from .process import ManagedProcess, ProcessRegistry
from .proxy import LinkRelay

__all__ = [
    "APIError", "GroundAPI", "parse_time", "ZURICH", "Place", "ServiceArea", "distance_m",
    "EventLogReport", "check_event_log", "event_log", "TERMINAL", "Booking", "Lab", "LabConfig", "ManagedProcess",
    "ProcessRegistry", "LinkRelay",
]
