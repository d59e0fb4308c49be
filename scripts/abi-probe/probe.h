// The C half of the float-ABI probe (scripts/test-firmware.sh): values cross the Swift/C boundary in both
// directions, so a Swift side and a C side that disagree on where doubles travel (VFP registers on armhf,
// core registers on soft-float) print wrong numbers instead of linking silently.
#ifndef PINPOST_ABI_PROBE_H
#define PINPOST_ABI_PROBE_H

// Prints its arguments as received, and returns a value computed from all of them.
double probe_receive(double a, float b, int c, double d, double e);
// Calls back into Swift with doubles and floats as arguments, returns what Swift returned.
double probe_call_back(double (*callback)(double, float, double));

#endif
