/// Reads a hall file line by line, collecting every problem with its line number instead of
/// stopping at the first, then checks the drawn map as a whole in `finish()`.
struct HallParser {
    private struct Header<Value> {
        let value: Value
        let line: Int
    }

    private struct GradeDecl {
        let name: String
        let price: Int
        let mark: Character
        let line: Int
        var seatIds: [String] = []
    }

    private struct Section {
        let name: String
        let line: Int
        let x: Int
        /// Where the next row line is drawn; rows and gaps move it down.
        var nextY: Int
        var rowLines: [String: Int] = [:]
    }

    private var name: Header<String>?
    private var size: Header<(width: Int, height: Int)>?
    private var stage: Header<Rect>?
    private var grades: [GradeDecl] = []
    private var section: Section?
    private var sectionLines: [String: Int] = [:]
    private var seats: [LayoutSeat] = []
    private var seatLines: [Int] = []
    private var problems: [(line: Int, message: String)] = []
    private var tooManySeats = false
    /// Set after a section line that could not be read: its rows are skipped quietly, since
    /// "row outside a section" for each of them would only bury the one real mistake.
    private var skippingBrokenSection = false
    private var pastHeader = false

    private mutating func problem(_ line: Int, _ message: String) {
        problems.append((line, message))
    }

    mutating func read(_ raw: Substring, number line: Int) {
        let content = raw.prefix { $0 != "#" }
        let tokens = content.split { $0 == " " || $0 == "\t" }
        guard let first = tokens.first else { return }
        // Row labels and keywords never hold ':', so "word:" can only be a header setting.
        if let colon = content.firstIndex(of: ":"), content[..<colon].trimmingSpaces.allSatisfy(\.isLetter) {
            let key = content[..<colon].trimmingSpaces
            readHeader(key: key, value: content[content.index(after: colon)...].trimmingSpaces, line: line)
            return
        }
        switch first {
        case "grade": readGrade(Array(tokens.dropFirst()), line: line)
        case "section": readSection(Array(tokens.dropFirst()), line: line)
        case "gap": readGap(Array(tokens.dropFirst()), line: line)
        default: readRow(tokens, line: line)
        }
    }

    private mutating func readHeader(key: Substring, value: Substring, line: Int) {
        guard ["name", "size", "stage"].contains(key) else {
            return problem(line, "unknown setting '\(key):'; the header has name:, size: and stage:")
        }
        if pastHeader {
            return problem(line, "'\(key):' belongs in the header, before the first section")
        }
        let earlier = key == "name" ? name?.line : key == "size" ? size?.line : stage?.line
        if let earlier { return problem(line, "'\(key):' is already set on line \(earlier)") }
        switch key {
        case "name":
            if value.isEmpty { return problem(line, "the hall needs a name after 'name:'") }
            name = Header(value: String(value), line: line)
        case "size":
            guard let parsed = HallNotation.size(value) else {
                return problem(line, "expected 'size: WIDTHxHEIGHT' in cells, like 'size: 76x30' (got '\(value)')")
            }
            size = Header(value: parsed, line: line)
        default:
            let parts = value.split { $0 == " " || $0 == "\t" }
            guard parts.count == 2, let at = HallNotation.point(parts[0]), let wh = HallNotation.size(parts[1]) else {
                return problem(line, "expected 'stage: X,Y WIDTHxHEIGHT', like 'stage: 20,1 36x3' (got '\(value)')")
            }
            stage = Header(value: Rect(x: at.x, y: at.y, width: wh.width, height: wh.height), line: line)
        }
    }

    private mutating func readGrade(_ args: [Substring], line: Int) {
        let usage = "expected 'grade NAME PRICE' or 'grade NAME PRICE mark LETTER', like 'grade VIP 220000'"
        guard args.count == 2 || (args.count == 4 && args[2] == "mark") else { return problem(line, usage) }
        if pastHeader { return problem(line, "grades belong in the header, before the first section") }
        let gradeName = args[0]
        guard HallNotation.isName(gradeName, maxLength: 16) else {
            return problem(line, "grade names use letters, digits and '_', at most 16 (got '\(gradeName)')")
        }
        guard let price = HallNotation.price(args[1]) else {
            return problem(line, "the price of grade '\(gradeName)' must be a whole number of KRW, like 180000 (got '\(args[1])')")
        }
        if price < 1 || price > PerformanceSpec.maxPrice {
            return problem(line, "the price of grade '\(gradeName)' must be between 1 and \(PerformanceSpec.maxPrice.grouped) KRW (got \(price.grouped))")
        }
        let markToken = args.count == 4 ? args[3] : gradeName.prefix(1)
        guard markToken.count == 1, let mark = markToken.first, mark.isASCII, mark.isLetter || mark.isNumber else {
            return problem(line, "a grade mark is one letter or digit (got '\(markToken)')")
        }
        if let other = grades.first(where: { $0.name == gradeName }) {
            return problem(line, "grade '\(gradeName)' is already declared on line \(other.line)")
        }
        if let other = grades.first(where: { $0.mark == mark }) {
            return problem(line, "grade '\(gradeName)' would be drawn with '\(mark)', already used by grade '\(other.name)' on line \(other.line); add 'mark X' with a free letter")
        }
        grades.append(GradeDecl(name: String(gradeName), price: price, mark: mark, line: line))
    }

    private mutating func readSection(_ args: [Substring], line: Int) {
        closeSection()
        pastHeader = true
        skippingBrokenSection = true
        guard args.count == 3, args[1] == "at", let origin = HallNotation.point(args[2]) else {
            return problem(line, "expected 'section NAME at X,Y', like 'section FLOOR at 4,8'")
        }
        let sectionName = args[0]
        guard HallNotation.isName(sectionName, maxLength: 24) else {
            return problem(line, "section names use letters, digits and '_', at most 24 (got '\(sectionName)')")
        }
        if let earlier = sectionLines[String(sectionName)] {
            return problem(line, "section '\(sectionName)' is already defined on line \(earlier)")
        }
        sectionLines[String(sectionName)] = line
        skippingBrokenSection = false
        section = Section(name: String(sectionName), line: line, x: origin.x, nextY: origin.y)
    }

    private mutating func closeSection() {
        if let open = section, open.rowLines.isEmpty {
            problem(open.line, "section '\(open.name)' has no rows")
        }
        section = nil
    }

    private mutating func readGap(_ args: [Substring], line: Int) {
        if skippingBrokenSection { return }
        guard section != nil else { return problem(line, "'gap' only makes sense inside a section") }
        guard args.count <= 1 else { return problem(line, "expected 'gap' or 'gap N'") }
        let lines = args.first.map { HallNotation.count($0) } ?? 1
        guard let lines, (1...VenueLayout.maxSide).contains(lines) else {
            return problem(line, "'gap N' takes a number of empty lines from 1 to \(VenueLayout.maxSide.grouped)")
        }
        section?.nextY += lines
    }

    private mutating func readRow(_ tokens: [Substring], line: Int) {
        let label = tokens[0]
        if skippingBrokenSection { return }
        guard section != nil else {
            return problem(line, "'\(label)' is not a setting, and rows must come after a 'section NAME at X,Y' line")
        }
        guard tokens.count == 2 else {
            return problem(line, tokens.count == 1
                ? "row '\(label)' has no seat pattern; write it like 'A  RRRR..RRRR'"
                : "a row line is a label and one seat pattern without spaces; use '.' or '_' for gaps")
        }
        let labels: [String]
        switch HallNotation.rowLabels(label, maxRows: VenueLayout.maxSide) {
        case .labels(let found): labels = found
        case .invalid(let message): return problem(line, message)
        }
        guard let cells = seatCells(of: tokens[1], row: label, line: line) else {
            section?.nextY += labels.count
            return
        }
        for rowLabel in labels { placeRow(rowLabel, cells: cells, line: line) }
    }

    /// Column → grade index for every seat in the pattern, or nil after reporting what is wrong.
    private mutating func seatCells(of pattern: Substring, row: Substring, line: Int) -> [(column: Int, grade: Int)]? {
        var cells: [(column: Int, grade: Int)] = []
        var reported: Set<Character> = []
        for (column, mark) in pattern.enumerated() where !HallFile.gapMarks.contains(mark) {
            if let grade = grades.firstIndex(where: { $0.mark == mark }) {
                cells.append((column, grade))
            } else if reported.insert(mark).inserted {
                let known = grades.map { String($0.mark) }.joined(separator: ", ")
                problem(line, mark.isASCII && (mark.isLetter || mark.isNumber)
                    ? "unknown grade '\(mark)' (declared: \(known.isEmpty ? "none" : known))"
                    : "'\(mark)' is neither a grade mark nor a gap; use a grade letter, '.' or '_'")
            }
        }
        if !reported.isEmpty { return nil }
        if cells.isEmpty {
            problem(line, "row '\(row)' has no seats; use 'gap' for an empty line")
            return nil
        }
        return cells
    }

    private mutating func placeRow(_ rowLabel: String, cells: [(column: Int, grade: Int)], line: Int) {
        guard var open = section else { return }
        defer { section = open }
        let y = open.nextY
        open.nextY += 1
        if let earlier = open.rowLines[rowLabel] {
            return problem(line, "row '\(rowLabel)' is already in section '\(open.name)' (line \(earlier))")
        }
        open.rowLines[rowLabel] = line
        for (number, cell) in zip(1..., cells) {
            guard seats.count < VenueLayout.maxSeats else {
                if !tooManySeats { problem(line, "the hall passes the limit of \(VenueLayout.maxSeats.grouped) seats") }
                tooManySeats = true
                return
            }
            let id = "\(open.name)-\(rowLabel)-\(number)"
            seats.append(LayoutSeat(id: id, section: open.name, row: rowLabel, number: number,
                                    x: open.x + cell.column, y: y))
            seatLines.append(line)
            grades[cell.grade].seatIds.append(id)
        }
    }

    mutating func finish() throws(ValidationError) -> Hall {
        closeSection()
        var missing: [String] = []
        if name == nil { missing.append("missing 'name:' line, like 'name: Seoul Arts Theatre'") }
        if size == nil { missing.append("missing 'size:' line, like 'size: 76x30'") }
        if stage == nil { missing.append("missing 'stage:' line, like 'stage: 20,1 36x3'") }
        if grades.isEmpty { missing.append("no grades declared; add lines like 'grade R 180000' before the first section") }
        for grade in grades where grade.seatIds.isEmpty {
            problem(grade.line, "grade '\(grade.name)' is declared but no seat is drawn with '\(grade.mark)'")
        }
        // Checks made at the end (unused grades, empty sections) are slotted in by line.
        let ordered = problems.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }
        var messages = missing + ordered.map { "line \($0.element.line): \($0.element.message)" }

        guard let name, let size, let stage else { throw ValidationError(messages) }
        let layout = VenueLayout(width: size.value.width, height: size.value.height,
                                 stage: stage.value, seats: seats)
        var placement = CappedProblems()
        for found in layout.problems() {
            let line: Int? = switch found.subject {
            case .map: found.rule == .mapSize ? size.line : nil
            case .stage: stage.line
            case .seat(let index): seatLines[index]
            }
            placement.add(line.map { "line \($0): \(found.message)" } ?? found.message, kind: found.rule.plural)
        }
        messages += placement.all
        guard messages.isEmpty else { throw ValidationError(messages) }
        let specs = grades.map { GradeSpec(grade: $0.name, price: $0.price, seatIds: $0.seatIds) }
        return Hall(name: name.value, layout: layout, grades: specs)
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = firstIndex(where: { !isSpace($0) }),
              let end = lastIndex(where: { !isSpace($0) }) else { return self[endIndex...] }
        return self[start...end]
    }
}
