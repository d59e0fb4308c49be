// See probe.h. printf's %.17g prints exactly what arrived, so the test compares text.
#include <stdio.h>
#include "probe.h"

double probe_receive(double a, float b, int c, double d, double e) {
    printf("c received %.17g %.9g %d %.17g %.17g\n", a, (double)b, c, d, e);
    fflush(stdout);
    return a * 1000.0 + (double)b * 100.0 + (double)c * 10.0 + d + e;
}

double probe_call_back(double (*callback)(double, float, double)) {
    return callback(0.1, 2.5f, -1e300);
}
