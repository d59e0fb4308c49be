// `buffer`: the offline ring store.
import JSON

extension ConfigValidator {
    mutating func parseBuffer(_ root: inout ObjectReader) -> BufferConfig {
        var buffer = BufferConfig()
        guard var reader = root.object("buffer", issues: &issues) else { return buffer }
        buffer.mode = reader.choice("mode", BufferMode.choices, default: .file, issues: &issues) ?? .file
        buffer.path = absolutePath(&reader, "path") ?? buffer.path
        if let size = reader.integer("sizeBytes", in: BufferConfig.minimumSizeBytes...BufferConfig.maximumSizeBytes,
                                     default: BufferConfig.defaultSizeBytes, issues: &issues) {
            buffer.sizeBytes = size
        }
        if var sync = reader.object("sync", issues: &issues) {
            if let records = sync.integer("everyRecords", in: 1...100_000, default: buffer.sync.everyRecords, issues: &issues) {
                buffer.sync.everyRecords = records
            }
            if let interval = sync.integer("everyMs", in: 10...600_000, default: buffer.sync.everyMs, unit: " ms", issues: &issues) {
                buffer.sync.everyMs = interval
            }
            sync.finish(issues: &issues)
        }
        if buffer.mode == .memory {
            for key in ["path", "sync"] where reader.has(key) {
                issues.warning(reader.field(key), "ignored in memory mode")
            }
        }
        reader.finish(issues: &issues)
        return buffer
    }
}
