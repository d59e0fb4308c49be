// pinpost-bench: benchmarks of the pure layers (`make bench`) and helper processes for tests.
//   pinpost-bench [store] [DIR]                       ring store throughput (file in DIR, default build/bench)
//   pinpost-bench store-crash-writer PATH SIZE SEED   the crash test's writer (Tests/RingStoreTests)
//   pinpost-bench store-inspect PATH SIZE             recovery notes, stats and held records of a ring file
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "store-crash-writer":
    exit(StoreCrashWriter.run(Array(arguments.dropFirst())))
case "store-inspect":
    exit(StoreCrashWriter.inspect(Array(arguments.dropFirst())))
case "store", nil:
    let directory = arguments.count > 1 ? arguments[1] : "build/bench"
    exit(StoreBenchmark.run(directory: directory))
default:
    FileHandle.standardError.write(Data("usage: pinpost-bench [store [DIR]] | store-crash-writer PATH SIZE SEED\n".utf8))
    exit(2)
}
