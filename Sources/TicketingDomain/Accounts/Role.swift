public enum Role: String, Codable, Sendable, CaseIterable {
    case buyer
    case seller
    case admin
    /// Scans tickets at the door for one seller's performances; created by that seller.
    case door
}
