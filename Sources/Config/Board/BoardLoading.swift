// Where boards come from: the built-in copies of boards/*.json (BuiltinBoards.swift), or a board file on
// disk for hardware pinpost does not know yet.
import JSON

extension Board {
    /// The built-in board `name` (see `BuiltinBoards.names`); throws if there is none by that name.
    public static func load(builtin name: String) throws(ConfigErrors) -> Board {
        let source = "builtin:\(name)"
        guard let text = BuiltinBoards.text(named: name) else {
            throw ConfigErrors(errors: [ConfigIssue(file: source, field: "", reason: "no built-in board \"\(name)\" (built-in: "
                                                    + Suggestion.list(BuiltinBoards.names) + ")")])
        }
        return try parse(Array(text.utf8), source: source)
    }

    /// The board file at `path`.
    public static func load(path: String) throws(ConfigErrors) -> Board {
        let contents: FileContents
        do throws(FileReadError) {
            contents = try FileReader.read(path)
        } catch {
            throw ConfigErrors(errors: [ConfigIssue(file: path, field: "", reason: error.reason)])
        }
        return try parse(contents.bytes, source: path)
    }

    /// A board from the JSON text of a board file; `source` names it in error messages.
    public static func parse(_ bytes: [UInt8], source: String) throws(ConfigErrors) -> Board {
        let root: JSONValue
        do throws(JSONError) {
            root = try JSONParser.parse(bytes)
        } catch {
            throw ConfigErrors(errors: [JSONSyntaxIssue.make(error, in: bytes, file: source)])
        }
        return try BoardParser.parse(root, source: source)
    }
}

/// A JSON syntax error as a ConfigIssue: `file:offset N: reason (line L, column C)`.
enum JSONSyntaxIssue {
    static func make(_ error: JSONError, in bytes: [UInt8], file: String) -> ConfigIssue {
        var line = 1
        var column = 1
        var index = 0
        while index < error.offset && index < bytes.count {
            if bytes[index] == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if bytes[index] & 0xC0 != 0x80 {
                column += 1  // count characters, not UTF-8 continuation bytes
            }
            index += 1
        }
        return ConfigIssue(file: file, field: "offset \(error.offset)",
                           reason: "\(error.reasonText) (line \(line), column \(column))")
    }
}
