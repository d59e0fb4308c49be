// The Swift half of the float-ABI probe (see probe.h), built with the firmware's own flags for a target and
// run under qemu by scripts/test-firmware.sh, which compares its output with the expected text.
import ABIProbe

@main
struct ABIProbeMain {
    static func main() {
        let sum = probe_receive(1.5, 2.25, 7, -0.125, 3.141592653589793)
        print("swift received \(sum)")
        let back = probe_call_back { (a: Double, b: Float, c: Double) -> Double in
            print("callback received \(a) \(b) \(c)")
            return a + Double(b)
        }
        print("swift received back \(back)")
        // rounded() is libm's round(): a C function with a double argument and result.
        let value = 2.5
        print("rounded \(value.rounded()) \((-7.5).rounded(.towardZero))")
    }
}
