// Process arguments for Swift code in both build modes.
//
// Embedded Swift has no CommandLine. In the firmware build (PINPOST_FIRMWARE) this file owns `main`: it
// saves argc/argv and calls the Swift entry point, which the Makefile renames to pinpost_swift_main.
// In the SwiftPM build (always glibc on the development host) Swift owns `main`, and glibc passes
// argc/argv to ELF constructors, which is where they are saved.
#include "csystem.h"

static int saved_argc = 0;
static char **saved_argv = NULL;

int csys_argc(void) { return saved_argc; }
const char *csys_argv(int index) {
    if (index < 0 || index >= saved_argc || saved_argv == NULL) return NULL;
    return saved_argv[index];
}

#ifdef PINPOST_FIRMWARE
extern int pinpost_swift_main(int argc, char **argv);
int main(int argc, char **argv) {
    saved_argc = argc;
    saved_argv = argv;
    return pinpost_swift_main(argc, argv);
}
#else
__attribute__((constructor)) static void csys_save_args(int argc, char **argv, char **envp) {
    (void)envp;
    saved_argc = argc;
    saved_argv = argv;
}
#endif
