#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The termios boundary: opens a serial device in raw mode at a baud rate and returns its descriptor
/// (non-blocking, for SwiftNIO to own).
enum SerialPort {
    static func open(path: String, baudRate: Int) throws(MAVLinkTransportError) -> CInt {
        guard let speed = speedConstant(baudRate) else { throw .unsupportedBaudRate(baudRate) }
        let fd = Glibc.open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | CInt(O_CLOEXEC))
        guard fd >= 0 else { throw .serial(path: path, operation: "open", errno: errno) }
        var options = termios()
        guard tcgetattr(fd, &options) == 0 else { return try fail(fd, path, "tcgetattr") }
        cfmakeraw(&options)
        // 8N1, receiver on, no modem control lines: what flight controllers and radios expect.
        options.c_cflag |= tcflag_t(CLOCAL) | tcflag_t(CREAD)
        options.c_cflag &= ~(tcflag_t(CSTOPB) | tcflag_t(CRTSCTS))
        guard cfsetispeed(&options, speed) == 0, cfsetospeed(&options, speed) == 0 else {
            return try fail(fd, path, "cfsetspeed")
        }
        guard tcsetattr(fd, TCSANOW, &options) == 0 else { return try fail(fd, path, "tcsetattr") }
        return fd
    }

    /// Closes a descriptor `open` returned that NIO did not take over.
    static func close(_ fd: CInt) {
        _ = Glibc.close(fd)
    }

    private static func fail(_ fd: CInt, _ path: String, _ operation: String) throws(MAVLinkTransportError) -> CInt {
        let code = errno
        close(fd)
        throw .serial(path: path, operation: operation, errno: code)
    }

    private static func speedConstant(_ baudRate: Int) -> speed_t? {
        switch baudRate {
        case 9600: speed_t(B9600)
        case 19200: speed_t(B19200)
        case 38400: speed_t(B38400)
        case 57600: speed_t(B57600)
        case 115200: speed_t(B115200)
        case 230400: speed_t(B230400)
        case 460800: speed_t(B460800)
        case 500000: speed_t(B500000)
        case 921600: speed_t(B921600)
        case 1_000_000: speed_t(B1000000)
        case 1_500_000: speed_t(B1500000)
        case 2_000_000: speed_t(B2000000)
        default: nil
        }
    }
}
