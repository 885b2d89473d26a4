/// A 3×5 pixel font for the camera's time and position stamp: digits and the few letters the stamp
/// uses. Each glyph is five rows of three bits, most significant bit leftmost.
enum PixelFont {
    static let width = 3
    static let height = 5

    static let glyphs: [Character: [UInt8]] = [
        "0": [0b111, 0b101, 0b101, 0b101, 0b111], "1": [0b010, 0b110, 0b010, 0b010, 0b111],
        "2": [0b111, 0b001, 0b111, 0b100, 0b111], "3": [0b111, 0b001, 0b111, 0b001, 0b111],
        "4": [0b101, 0b101, 0b111, 0b001, 0b001], "5": [0b111, 0b100, 0b111, 0b001, 0b111],
        "6": [0b111, 0b100, 0b111, 0b101, 0b111], "7": [0b111, 0b001, 0b010, 0b010, 0b010],
        "8": [0b111, 0b101, 0b111, 0b101, 0b111], "9": [0b111, 0b101, 0b111, 0b001, 0b111],
        "-": [0b000, 0b000, 0b111, 0b000, 0b000], ".": [0b000, 0b000, 0b000, 0b000, 0b010],
        ":": [0b000, 0b010, 0b000, 0b010, 0b000], " ": [0, 0, 0, 0, 0],
        "T": [0b111, 0b010, 0b010, 0b010, 0b010], "Z": [0b111, 0b001, 0b010, 0b100, 0b111],
        "N": [0b101, 0b111, 0b111, 0b111, 0b101], "E": [0b111, 0b100, 0b111, 0b100, 0b111],
        "S": [0b111, 0b100, 0b111, 0b001, 0b111], "W": [0b101, 0b101, 0b111, 0b111, 0b101],
        "M": [0b101, 0b111, 0b111, 0b101, 0b101], "A": [0b010, 0b101, 0b111, 0b101, 0b101],
        "L": [0b100, 0b100, 0b100, 0b100, 0b111], "/": [0b001, 0b001, 0b010, 0b100, 0b100],
    ]

    /// Rows of `character`; characters the font lacks draw as a filled box so they are visibly missing.
    static func rows(of character: Character) -> [UInt8] {
        glyphs[character] ?? [0b111, 0b111, 0b111, 0b111, 0b111]
    }
}
