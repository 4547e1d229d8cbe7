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
    private var problems: [Problem] = []
    private var tooManySeats = false
    /// Set after a section line that could not be read: its rows are skipped quietly, since
    /// "row outside a section" for each of them would only bury the one real mistake.
    private var skippingBrokenSection = false
    private var pastHeader = false

    private mutating func problem(_ line: Int, _ code: ProblemCode, _ params: [String: String] = [:]) {
        problems.append(Problem(code, params, line: line))
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
            return problem(line, .hallUnknownSetting, ["key": String(key)])
        }
        if pastHeader {
            return problem(line, .hallSettingAfterHeader, ["key": String(key)])
        }
        let earlier = key == "name" ? name?.line : key == "size" ? size?.line : stage?.line
        if let earlier { return problem(line, .hallSettingRepeated, ["key": String(key), "earlier": "\(earlier)"]) }
        switch key {
        case "name":
            if value.isEmpty { return problem(line, .hallNameEmpty) }
            name = Header(value: String(value), line: line)
        case "size":
            guard let parsed = HallNotation.size(value) else {
                return problem(line, .hallSizeSyntax, ["value": String(value)])
            }
            size = Header(value: parsed, line: line)
        default:
            let parts = value.split { $0 == " " || $0 == "\t" }
            guard parts.count == 2, let at = HallNotation.point(parts[0]), let wh = HallNotation.size(parts[1]) else {
                return problem(line, .hallStageSyntax, ["value": String(value)])
            }
            stage = Header(value: Rect(x: at.x, y: at.y, width: wh.width, height: wh.height), line: line)
        }
    }

    private mutating func readGrade(_ args: [Substring], line: Int) {
        guard args.count == 2 || (args.count == 4 && args[2] == "mark") else { return problem(line, .hallGradeSyntax) }
        if pastHeader { return problem(line, .hallGradeAfterHeader) }
        let gradeName = args[0]
        guard HallNotation.isName(gradeName, maxLength: 16) else {
            return problem(line, .hallGradeName, ["grade": String(gradeName)])
        }
        guard let price = HallNotation.price(args[1]) else {
            return problem(line, .hallGradePriceSyntax, ["grade": String(gradeName), "value": String(args[1])])
        }
        if price < 1 || price > PerformanceSpec.maxPrice {
            return problem(line, .hallGradePriceRange, ["grade": String(gradeName), "max": PerformanceSpec.maxPrice.grouped,
                                                        "price": price.grouped])
        }
        let markToken = args.count == 4 ? args[3] : gradeName.prefix(1)
        guard markToken.count == 1, let mark = markToken.first, mark.isASCII, mark.isLetter || mark.isNumber else {
            return problem(line, .hallGradeMark, ["mark": String(markToken)])
        }
        if let other = grades.first(where: { $0.name == gradeName }) {
            return problem(line, .hallGradeRepeated, ["grade": String(gradeName), "earlier": "\(other.line)"])
        }
        if let other = grades.first(where: { $0.mark == mark }) {
            return problem(line, .hallGradeMarkTaken, ["grade": String(gradeName), "mark": String(mark),
                                                       "other": other.name, "earlier": "\(other.line)"])
        }
        grades.append(GradeDecl(name: String(gradeName), price: price, mark: mark, line: line))
    }

    private mutating func readSection(_ args: [Substring], line: Int) {
        closeSection()
        pastHeader = true
        skippingBrokenSection = true
        guard args.count == 3, args[1] == "at", let origin = HallNotation.point(args[2]) else {
            return problem(line, .hallSectionSyntax)
        }
        let sectionName = args[0]
        guard HallNotation.isName(sectionName, maxLength: 24) else {
            return problem(line, .hallSectionName, ["section": String(sectionName)])
        }
        if let earlier = sectionLines[String(sectionName)] {
            return problem(line, .hallSectionRepeated, ["section": String(sectionName), "earlier": "\(earlier)"])
        }
        sectionLines[String(sectionName)] = line
        skippingBrokenSection = false
        section = Section(name: String(sectionName), line: line, x: origin.x, nextY: origin.y)
    }

    private mutating func closeSection() {
        if let open = section, open.rowLines.isEmpty {
            problem(open.line, .hallSectionEmpty, ["section": open.name])
        }
        section = nil
    }

    private mutating func readGap(_ args: [Substring], line: Int) {
        if skippingBrokenSection { return }
        guard section != nil else { return problem(line, .hallGapOutsideSection) }
        guard args.count <= 1 else { return problem(line, .hallGapSyntax) }
        let lines = args.first.map { HallNotation.count($0) } ?? 1
        guard let lines, (1...VenueLayout.maxSide).contains(lines) else {
            return problem(line, .hallGapRange, ["max": VenueLayout.maxSide.grouped])
        }
        section?.nextY += lines
    }

    private mutating func readRow(_ tokens: [Substring], line: Int) {
        let label = tokens[0]
        if skippingBrokenSection { return }
        guard section != nil else {
            return problem(line, .hallRowOutsideSection, ["label": String(label)])
        }
        guard tokens.count == 2 else {
            return tokens.count == 1 ? problem(line, .hallRowNoPattern, ["label": String(label)])
                : problem(line, .hallRowSyntax)
        }
        let labels: [String]
        switch HallNotation.rowLabels(label, maxRows: VenueLayout.maxSide) {
        case .labels(let found): labels = found
        case .invalid(let found): return problems.append(found.at(line: line))
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
                let code: ProblemCode = !(mark.isASCII && (mark.isLetter || mark.isNumber)) ? .hallBadMark
                    : known.isEmpty ? .hallUnknownMarkNoGrades : .hallUnknownMark
                problem(line, code, ["mark": String(mark), "declared": known])
            }
        }
        if !reported.isEmpty { return nil }
        if cells.isEmpty {
            problem(line, .hallRowNoSeats, ["label": String(row)])
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
            return problem(line, .hallRowRepeated, ["label": rowLabel, "section": open.name, "earlier": "\(earlier)"])
        }
        open.rowLines[rowLabel] = line
        for (number, cell) in zip(1..., cells) {
            guard seats.count < VenueLayout.maxSeats else {
                if !tooManySeats { problem(line, .hallTooManySeats, ["max": VenueLayout.maxSeats.grouped]) }
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
        var missing: [Problem] = []
        if name == nil { missing.append(Problem(.hallMissingName)) }
        if size == nil { missing.append(Problem(.hallMissingSize)) }
        if stage == nil { missing.append(Problem(.hallMissingStage)) }
        if grades.isEmpty { missing.append(Problem(.hallNoGrades)) }
        for grade in grades where grade.seatIds.isEmpty {
            problem(grade.line, .hallGradeUnused, ["grade": grade.name, "mark": String(grade.mark)])
        }
        // Checks made at the end (unused grades, empty sections) are slotted in by line.
        let ordered = problems.enumerated().sorted { ($0.element.line ?? 0, $0.offset) < ($1.element.line ?? 0, $1.offset) }
        var found = missing + ordered.map(\.element)

        guard let name, let size, let stage else { throw ValidationError(found) }
        let layout = VenueLayout(width: size.value.width, height: size.value.height,
                                 stage: stage.value, seats: seats)
        var placement = CappedProblems()
        for broken in layout.problems() {
            let line: Int? = switch broken.subject {
            case .map: broken.rule == .mapSize ? size.line : nil
            case .stage: stage.line
            case .seat(let index): seatLines[index]
            }
            placement.add(broken.problem.at(line: line), kind: broken.rule.plural)
        }
        found += placement.all
        guard found.isEmpty else { throw ValidationError(found) }
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
