import Foundation

/// The picture the simulated camera takes: a top-down view of the ground under the vehicle (grass
/// with a metre grid), the parcel where it lies after release, and a stamp with UTC time and position.
public struct DropPointImage: Sendable {
    public static let width = 320
    public static let height = 240
    /// Ground resolution of the view, pixels per metre.
    static let pixelsPerMetre = 32
    /// Parcel footprint, metres (a shoebox-sized package).
    static let parcelSize = (east: 0.5, north: 0.375)

    public var capture: SimulatedCamera.Capture

    public init(capture: SimulatedCamera.Capture) { self.capture = capture }

    /// The image as PNG bytes.
    public func png() -> [UInt8] {
        var raster = Raster(width: Self.width, height: Self.height)
        drawGround(&raster)
        if capture.parcelReleased { drawParcel(&raster) }
        drawCrosshair(&raster)
        drawStamp(&raster)
        return PNGEncoder.encode(width: raster.width, height: raster.height, rgb: raster.rgb)
    }

    /// The stamp's two lines: UTC time, then latitude, longitude and altitude AMSL.
    public var stampLines: [String] {
        let date = Date(timeIntervalSince1970: Double(capture.timeUTCMicros) / 1e6)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let time = String(
            format: "%04d-%02d-%02dT%02d:%02d:%02dZ", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0,
            c.minute ?? 0, c.second ?? 0)
        let lat = Double(capture.latitudeE7) / 1e7
        let lon = Double(capture.longitudeE7) / 1e7
        let place = String(
            format: "%.6f%@ %.6f%@ %.1fM", abs(lat), lat < 0 ? "S" : "N", abs(lon), lon < 0 ? "W" : "E",
            Double(capture.altitudeMm) / 1000)
        return [time, place]
    }

    private func drawGround(_ raster: inout Raster) {
        for y in 0..<raster.height {
            for x in 0..<raster.width {
                // Deterministic mottling so the grass is not one flat colour.
                let noise = UInt8((x &* 7 &+ y &* 13 &+ (x * y) % 11) % 24)
                raster.set(x, y, (54 + noise / 2, 120 + noise, 48 + noise / 3))
            }
        }
        let ppm = Self.pixelsPerMetre
        for x in stride(from: raster.width / 2 % ppm, to: raster.width, by: ppm) {
            raster.fill(x: x, y: 0, width: 1, height: raster.height, (84, 150, 74))
        }
        for y in stride(from: raster.height / 2 % ppm, to: raster.height, by: ppm) {
            raster.fill(x: 0, y: y, width: raster.width, height: 1, (84, 150, 74))
        }
    }

    private func drawParcel(_ raster: inout Raster) {
        let w = Int(Self.parcelSize.east * Double(Self.pixelsPerMetre))
        let h = Int(Self.parcelSize.north * Double(Self.pixelsPerMetre))
        let x = raster.width / 2 - w / 2
        let y = raster.height / 2 - h / 2
        raster.fill(x: x + 3, y: y + 3, width: w, height: h, (30, 70, 28)) // shadow
        raster.fill(x: x, y: y, width: w, height: h, (176, 128, 72)) // cardboard
        raster.fill(x: x + w / 2 - 1, y: y, width: 3, height: h, (222, 200, 150)) // tape
        raster.fill(x: x, y: y + h / 2 - 1, width: w, height: 3, (222, 200, 150))
    }

    /// Marks the drop point (the image centre, straight below the camera).
    private func drawCrosshair(_ raster: inout Raster) {
        let cx = raster.width / 2
        let cy = raster.height / 2
        let red: (UInt8, UInt8, UInt8) = (220, 40, 40)
        raster.fill(x: cx - 28, y: cy, width: 16, height: 1, red)
        raster.fill(x: cx + 13, y: cy, width: 16, height: 1, red)
        raster.fill(x: cx, y: cy - 28, width: 1, height: 16, red)
        raster.fill(x: cx, y: cy + 13, width: 1, height: 16, red)
    }

    private func drawStamp(_ raster: inout Raster) {
        let scale = 2
        let lineHeight = (PixelFont.height + 2) * scale
        let lines = stampLines
        let top = raster.height - lines.count * lineHeight - 2 * scale
        raster.fill(x: 0, y: top, width: raster.width, height: raster.height - top, (0, 0, 0))
        for (n, line) in lines.enumerated() {
            var x = 2 * scale
            let y = top + scale + n * lineHeight
            for character in line {
                for (row, bits) in PixelFont.rows(of: character).enumerated() {
                    for column in 0..<PixelFont.width where bits >> (PixelFont.width - 1 - column) & 1 == 1 {
                        raster.fill(
                            x: x + column * scale, y: y + row * scale, width: scale, height: scale, (255, 255, 255))
                    }
                }
                x += (PixelFont.width + 1) * scale
            }
        }
    }
}

/// An RGB pixel buffer with clipped drawing.
struct Raster {
    let width: Int
    let height: Int
    var rgb: [UInt8]

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
        rgb = Array(repeating: 0, count: width * height * 3)
    }

    mutating func set(_ x: Int, _ y: Int, _ color: (UInt8, UInt8, UInt8)) {
        guard (0..<width).contains(x), (0..<height).contains(y) else { return }
        let i = (y * width + x) * 3
        rgb[i] = color.0
        rgb[i + 1] = color.1
        rgb[i + 2] = color.2
    }

    mutating func fill(x: Int, y: Int, width w: Int, height h: Int, _ color: (UInt8, UInt8, UInt8)) {
        let rows = max(0, y)..<max(max(0, y), min(height, y + h))
        let columns = max(0, x)..<max(max(0, x), min(width, x + w))
        for yy in rows {
            for xx in columns { set(xx, yy, color) }
        }
    }
}
