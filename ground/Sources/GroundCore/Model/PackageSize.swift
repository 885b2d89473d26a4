/// Parcel size class a business declares when booking; drones advertise which classes they carry.
package enum PackageSize: String, Codable, Sendable, CaseIterable, Hashable {
    case small
    case medium
    case large
}
