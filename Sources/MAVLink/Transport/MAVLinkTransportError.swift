/// Why a MAVLink connection could not be opened or could not send.
public enum MAVLinkTransportError: Error, Sendable, Hashable {
    /// A UDP listener has not heard from anyone yet, so there is nobody to reply to.
    case noPeer(endpoint: String)
    /// A system call on a serial device failed.
    case serial(path: String, operation: String, errno: Int32)
    /// The baud rate has no termios speed constant.
    case unsupportedBaudRate(Int)
}
