// Symbols the Embedded Swift standard library expects from its platform, compiled only into firmware.
// The full Swift runtime of the SwiftPM build defines them itself, so this file is empty there.
#ifdef PINPOST_FIRMWARE
#include "csystem.h"

// Double("3.25") in Embedded Swift calls this; the full runtime's version is locale-independent, and so
// is this one, because pinpost never calls setlocale (the C locale stays in force).
const char *_swift_stdlib_strtod_clocale(const char *nptr, double *outResult) {
    char *end = NULL;
    *outResult = strtod(nptr, &end);
    return end;
}

#ifdef PINPOST_MUSL
// Embedded Dictionary/Set seed their hashing with arc4random_buf, which musl 1.2.3 lacks.
void arc4random_buf(void *buffer, size_t length) {
    unsigned char *p = buffer;
    while (length > 0) {
        ssize_t n = getrandom(p, length, 0);
        if (n < 0) {
            if (errno == EINTR) continue;
            abort();
        }
        p += n;
        length -= (size_t)n;
    }
}
#endif
#endif
