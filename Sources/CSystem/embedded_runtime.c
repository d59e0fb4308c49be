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

#if UINTPTR_MAX > 0xFFFFFFFFu
// The Embedded runtime's own swift_bridgeObjectRetain and _n (weak definitions, which these replace) return
// the object with its tag bits masked off, although the compiler declares that they return their argument
// (`returned`) and may use the result in its place. A small string's discriminator then loses two bits
// (0xE5... becomes 0x85...), the string reads as a heap string whose length is its text, and the next
// append asks for gigabytes and traps: on aarch64 the first failing sensor's error message killed pinpost
// (SIGTRAP). Fixed upstream by swiftlang/swift#91151; until the toolchain has it, the same retain with the
// argument returned unchanged. The mask and the "bit 63: not a reference" rule are the runtime's own.
void *swift_retain(void *object);
void *swift_retain_n(void *object, uint32_t count);
static const uint64_t pinpost_bridge_object_pointer_mask = 0x8FFFFFFFFFFFFFF8ull;

void *swift_bridgeObjectRetain(void *object) {
    uint64_t bits = (uint64_t)(uintptr_t)object;
    uint64_t plain = bits & pinpost_bridge_object_pointer_mask;
    if ((int64_t)bits >= 0 && plain != 0) swift_retain((void *)(uintptr_t)plain);
    return object;
}

void *swift_bridgeObjectRetain_n(void *object, uint32_t count) {
    uint64_t bits = (uint64_t)(uintptr_t)object;
    uint64_t plain = bits & pinpost_bridge_object_pointer_mask;
    if ((int64_t)bits >= 0 && plain != 0) swift_retain_n((void *)(uintptr_t)plain, count);
    return object;
}
#endif

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
