import Foundation

/// A hall read from a `.hall` file: its drawn map and the default grade of every seat, so a
/// seller can create a venue and a performance straight from one file.
public struct Hall: Sendable, Equatable {
    public var name: String
    public var layout: VenueLayout
    /// One entry per grade the file declares, in file order: the default price and every seat
    /// drawn with that grade's mark, left to right and top to bottom.
    public var grades: [GradeSpec]

    public init(name: String, layout: VenueLayout, grades: [GradeSpec]) {
        self.name = name
        self.layout = layout
        self.grades = grades
    }

    /// Reads and parses a hall file; problems are prefixed with the file name so a person
    /// loading several halls knows which one to open.
    public static func load(path: String) throws(ValidationError) -> Hall {
        let fileName = URL(fileURLWithPath: path).lastPathComponent
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ValidationError(Problem(.hallUnreadable, ["path": path, "reason": error.localizedDescription],
                                          source: fileName))
        }
        do throws(ValidationError) {
            return try HallFile.parse(text)
        } catch {
            throw ValidationError(error.details.map { $0.from(fileName) })
        }
    }
}
