// pinpost-bench: micro-benchmarks of the pure layers (run by `make bench`). Benchmarks are added per layer.
print("pinpost-bench: no benchmarks yet")
