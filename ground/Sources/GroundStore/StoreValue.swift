/// A column value as both stores bind it: the model-to-row mapping is written once in these terms
/// and each store turns them into its driver's parameters.
enum StoreValue: Sendable, Hashable {
    case text(String?)
    case double(Double?)
    case integer(Int64?)
    case bool(Bool)
}
