import CSystem
import Hardware
import Transport

@main
struct PinpostMain {
    static func main() {
        var args: [String] = []
        var index: Int32 = 0
        while index < csys_argc() {
            if let arg = csys_argv(index) { args.append(String(cString: arg)) }
            index += 1
        }
        let line = "pinpost 0.1.0 args=\(args.count) mosquitto \(mosquittoLibraryVersion()) gpiod \(gpiodLibraryVersion())\n"
        var bytes = Array(line.utf8)
        csys_write_stdout(&bytes, bytes.count)
        exit(0)
    }
}
