import Foundation

/// One row of an entry form: free text, digits, or a choice flipped with ←/→/Space.
public struct FormField: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case text(maxLength: Int)
        case digits(maxLength: Int)
        case choice([String])
    }

    /// Names the field for the code that reads the form; never shown.
    public var key: String
    public var label: String
    public var kind: Kind
    public var value: String
    /// A grey hint after the value, such as the expected format.
    public var note: String?
    /// What `{0}`… in the label and the note stand for: both are catalog keys.
    public var labelArguments: [String]
    public var noteArguments: [String]

    public init(_ key: String, _ label: String, _ kind: Kind, value: String = "", note: String? = nil,
                labelArguments: [String] = [], noteArguments: [String] = []) {
        self.key = key
        self.label = label
        self.kind = kind
        self.value = value
        self.note = note
        self.labelArguments = labelArguments
        self.noteArguments = noteArguments
    }

    public var isChoice: Bool {
        if case .choice = kind { return true }
        return false
    }
}

/// A column of fields and a submit button below them. Values survive every error: the server's
/// problems are listed under the form and the focus moves to the field they name, nothing is
/// cleared.
public struct EntryForm: Sendable, Equatable {
    public var fields: [FormField]
    /// An index into `fields`; `fields.count` is the submit button.
    public var focus = 0
    /// Why the last attempt was refused: the client's own check or the server's problems.
    public var problems: [String] = []
    public var submitLabel: String
    /// Keys of the fields the user typed into, whose values outlive a reshape.
    public var edited: Set<String> = []

    public init(fields: [FormField], submitLabel: String) {
        self.fields = fields
        self.submitLabel = submitLabel
    }

    public var focusedField: FormField? { fields.indices.contains(focus) ? fields[focus] : nil }

    public func value(_ key: String) -> String {
        fields.first { $0.key == key }?.value ?? ""
    }

    public mutating func set(_ key: String, _ value: String) {
        if let at = fields.firstIndex(where: { $0.key == key }) { fields[at].value = value }
    }

    /// Replaces the rows with `fields`, carrying over what was typed into rows of the same key
    /// (a price typed for grade R stays when another venue also has an R; an untouched default
    /// gives way to the new one), and keeping the focus
    /// on the same row where it still exists.
    public mutating func reshape(_ newFields: [FormField]) {
        let focusedKey = focusedField?.key
        let typed = Dictionary(fields.map { ($0.key, $0.value) }) { first, _ in first }
        fields = newFields.map { field in
            var field = field
            if !field.isChoice, edited.contains(field.key), let old = typed[field.key] { field.value = old }
            return field
        }
        if let focusedKey, let at = fields.firstIndex(where: { $0.key == focusedKey }) {
            focus = at
        } else {
            focus = min(focus, fields.count)
        }
    }

    mutating func focusNext(_ step: Int) {
        let count = fields.count + 1
        focus = (focus + step + count) % count
    }

    mutating func focus(on key: String) {
        if let at = fields.firstIndex(where: { $0.key == key }) { focus = at }
    }

    mutating func type(_ character: Character) {
        guard fields.indices.contains(focus) else { return }
        var field = fields[focus]
        switch field.kind {
        case .text(let maxLength):
            guard !Canvas.isControl(character), field.value.count < maxLength else { return }
            field.value.append(character)
        case .digits(let maxLength):
            // Digit grouping as people type it ("180,000") is accepted and ignored.
            guard character.isASCII, character.isNumber || character == ",",
                  field.value.count < maxLength else { return }
            if character != "," { field.value.append(character) }
        case .choice:
            if character == " " { flip(1) }
            return
        }
        fields[focus] = field
        edited.insert(field.key)
    }

    mutating func deleteBackward() {
        guard fields.indices.contains(focus), !fields[focus].isChoice else { return }
        _ = fields[focus].value.popLast()
        edited.insert(fields[focus].key)
    }

    /// ←/→ on a choice row; returns whether anything changed.
    @discardableResult
    mutating func flip(_ step: Int) -> Bool {
        guard fields.indices.contains(focus), case .choice(let options) = fields[focus].kind,
              !options.isEmpty else { return false }
        let at = options.firstIndex(of: fields[focus].value) ?? 0
        let next = options[(at + step + options.count) % options.count]
        guard next != fields[focus].value else { return false }
        fields[focus].value = next
        return true
    }

    /// A whole number from a digits field; nil when it is empty.
    public func number(_ key: String) -> Int? {
        Int(value(key))
    }
}
