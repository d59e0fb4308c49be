// Driver options as they come from the config (`"options": {"dataRate": 250}`): numbers by name. Each
// driver takes the options it knows through this reader; `finish()` then rejects every other name, so a
// misspelt option is an error naming it instead of being silently ignored.

public typealias SensorOptions = [String: Double]

struct SensorOptionReader {
    let options: SensorOptions
    let driverName: String
    let busName: String
    let address: UInt8
    private(set) var known: [String] = []

    init(_ options: SensorOptions, driverName: String, busName: String, address: UInt8) {
        self.options = options
        self.driverName = driverName
        self.busName = busName
        self.address = address
    }

    func error(_ name: String, _ reason: String) -> SensorError {
        SensorError(driver: driverName, bus: busName, address: address, .invalidOption(name: name, reason: reason))
    }

    /// A value that must be one of `allowed` (compared with a small tolerance, so 0.6667 matches 2/3).
    /// Returns the index into `allowed`.
    mutating func choice(_ name: String, allowed: [Double], defaultIndex: Int) throws(SensorError) -> Int {
        known.append(name)
        guard let value = options[name] else { return defaultIndex }
        for index in allowed.indices {
            let difference = value - allowed[index]
            if difference < 0.001 && difference > -0.001 { return index }
        }
        var list = ""
        for candidate in allowed {
            if !list.isEmpty { list += ", " }
            list += "\(candidate)"
        }
        throw error(name, "\(value) is not one of \(list)")
    }

    /// A whole number in `range`.
    mutating func integer(_ name: String, in range: ClosedRange<Int>, default defaultValue: Int) throws(SensorError) -> Int {
        known.append(name)
        guard let value = options[name] else { return defaultValue }
        guard value >= Double(range.lowerBound), value <= Double(range.upperBound), value == Double(Int(value)) else {
            throw error(name, "\(value) is not a whole number in \(range.lowerBound)...\(range.upperBound)")
        }
        return Int(value)
    }

    /// true/false given as 1/0.
    mutating func flag(_ name: String, default defaultValue: Bool) throws(SensorError) -> Bool {
        try integer(name, in: 0...1, default: defaultValue ? 1 : 0) == 1
    }

    /// Rejects any option the driver did not ask for.
    func finish() throws(SensorError) {
        var unknown: [String] = []
        for name in options.keys where !known.contains(name) { unknown.append(name) }
        guard !unknown.isEmpty else { return }
        unknown.sort()
        var knownList = known.isEmpty ? "none" : ""
        for name in known {
            if knownList.count > 0 { knownList += ", " }
            knownList += name
        }
        throw error(unknown[0], "unknown option for \(driverName) (options: \(knownList))")
    }
}
