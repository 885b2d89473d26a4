import ArgumentParser
import FirmwareSim

extension AutopilotFamily: ExpressibleByArgument {}
extension PX4MissionStateReporting: ExpressibleByArgument {}
