import Foundation

/// URL path/query escaping for user-supplied ids.
enum Path {
    static func escape(_ component: String) -> String {
        component.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_.~")))
            ?? component
    }
}
