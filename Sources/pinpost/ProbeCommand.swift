// `pinpost probe -c FILE`: scans every I2C bus of the config's board like `i2cdetect` (a one-byte read
// per address, never a write to an unknown chip) and names the chips it recognises.
import Agent
import Config
import Hardware

enum ProbeCommand {
    static func run(_ flags: ConnectionFlags) -> ExitCode {
        let config: PinpostConfig
        switch loadConfig(flags, connecting: false) {
        case .success(let loaded): config = loaded
        case .failure(let errors):
            reportConfigErrors(errors)
            return .configInvalid
        }
        let hardware = BoardHardware(board: config.board)
        var failed = false
        for boardBus in config.board.i2cBuses {
            do throws(BoardHardwareError) {
                let bus = try hardware.bus(boardBus)
                do throws(I2CError) {
                    Output.out(render(boardBus, try bus.probe()))
                } catch {
                    Output.err("pinpost: probe \(boardBus.name): \(error.description)\n")
                    failed = true
                }
            } catch {
                Output.err("pinpost: probe \(boardBus.name): \(error.description)\n")
                failed = true
            }
        }
        return failed ? .unavailable : .ok
    }

    static func render(_ bus: BoardI2CBus, _ results: [I2CProbeResult]) -> String {
        var text = "\(bus.name) (\(bus.device)): \(results.count) \(results.count == 1 ? "chip" : "chips") answered\n"
        for result in results {
            text += "  0x\(hexByte(result.address))  "
            if let chip = result.chip {
                text += chip
            } else if !result.candidates.isEmpty {
                var names = ""
                for candidate in result.candidates { names += names.isEmpty ? candidate : " or " + candidate }
                text += "unidentified (could be \(names))"
            } else {
                text += "unidentified"
            }
            text += "\n"
        }
        return text
    }
}
