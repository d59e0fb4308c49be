// "Did you mean ...?" for misspelt keys, enum values, pin and board names. A small edit distance is enough
// to catch the usual typos (`pollIntervalMS`, `GPIO71`, `rpi4`), and the candidate lists are short.

enum Suggestion {
    /// ` (did you mean "x"?)` for the closest candidate within a small distance, or "" when none is close.
    static func hint(for word: String, among candidates: [String]) -> String {
        guard let best = closest(to: word, among: candidates) else { return "" }
        return " (did you mean \"\(best)\"?)"
    }

    /// The candidate nearest to `word` (case-insensitive), if it is within 2 edits (fewer for short words);
    /// else the first candidate that `word` begins (`3.1` for `3.1.1`).
    static func closest(to word: String, among candidates: [String]) -> String? {
        // Names are short; a long string is not a typo of one (and would make the distance costly).
        guard word.utf8.count <= 64 else { return nil }
        let lowered = asciiLowercased(word)
        // One or two letters are too short to guess from; short words get one edit, longer ones two.
        let limit = lowered.count <= 2 ? 0 : lowered.count <= 4 ? 1 : 2
        var best: String? = nil
        var bestDistance = Int.max
        for candidate in candidates where candidate != word {
            let distance = editDistance(lowered, asciiLowercased(candidate))
            if distance < bestDistance {
                bestDistance = distance
                best = candidate
            }
        }
        if let best, bestDistance <= limit { return best }
        guard lowered.count >= 2 else { return nil }
        for candidate in candidates {
            let other = asciiLowercased(candidate)
            if other.count > lowered.count && Array(other[0..<lowered.count]) == lowered { return candidate }
        }
        return nil
    }

    /// Keys, pin and enum names are ASCII; folding only ASCII keeps Unicode case tables out of the firmware.
    static func asciiLowercased(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            bytes.append(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte)
        }
        return bytes
    }

    /// Levenshtein distance over bytes, with two rows of memory.
    static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// `a, b, c` for messages listing what is allowed.
    static func list(_ words: [String]) -> String {
        var text = ""
        for word in words {
            if !text.isEmpty { text += ", " }
            text += word
        }
        return text
    }
}
