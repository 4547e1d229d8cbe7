public enum Role: String, Codable, Sendable, CaseIterable {
    case buyer
    case seller
    case admin
}
