// Writing to stdout and stderr through write(2): the firmware has no Foundation and Swift's `print` goes
// through stdio buffering we do not want mixed with the log lines.
import CSystem

enum Output {
    static func out(_ text: String) {
        var bytes = Array(text.utf8)
        csys_write_stdout(&bytes, bytes.count)
    }

    static func err(_ text: String) {
        var bytes = Array(text.utf8)
        csys_write_stderr(&bytes, bytes.count)
    }
}
