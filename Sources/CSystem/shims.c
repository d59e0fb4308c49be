// Fixed-signature wrappers over variadic or macro-only libc interfaces; see csystem.h for why.
#include "csystem.h"
#include <sys/timex.h>

int csys_errno(void) { return errno; }
void csys_set_errno(int value) { errno = value; }

int csys_open(const char *path, int flags, unsigned int mode) { return open(path, flags, (mode_t)mode); }
int csys_fcntl_int(int fd, int cmd, int arg) { return fcntl(fd, cmd, arg); }
int csys_ioctl_ptr(int fd, unsigned long request, void *arg) { return ioctl(fd, request, arg); }
int csys_ioctl_ulong(int fd, unsigned long request, unsigned long arg) { return ioctl(fd, request, arg); }

void csys_write_stdout(const char *text, size_t length) {
    fwrite(text, 1, length, stdout);
    fflush(stdout);
}
void csys_write_stderr(const char *text, size_t length) {
    fwrite(text, 1, length, stderr);
    fflush(stderr);
}

int csys_signalfd_for(const int *signals) {
    sigset_t set;
    sigemptyset(&set);
    for (const int *s = signals; *s != 0; s++) sigaddset(&set, *s);
    if (sigprocmask(SIG_BLOCK, &set, NULL) != 0) return -1;
    return signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
}

int csys_signalfd_read(int fd) {
    struct signalfd_siginfo info;
    ssize_t n = read(fd, &info, sizeof info);
    if (n == (ssize_t)sizeof info) return (int)info.ssi_signo;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return 0;
    return -1;
}

int64_t csys_wall_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t csys_monotonic_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int csys_clock_synchronized(void) {
    if (access("/run/systemd/timesync/synchronized", F_OK) == 0) return 1;
    struct timex tx;
    memset(&tx, 0, sizeof tx); // modes 0: read the state, change nothing (needs no privilege)
    int state = adjtimex(&tx);
    if (state < 0) return -1;
    return state == TIME_ERROR ? 0 : 1;
}

const char *csys_strerror(int code) { return strerror(code); }

// read(2) and strtol rather than fscanf: this was the static binary's only use of scanf's machinery.
long csys_rss_kib(void) {
    int fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    char text[160];
    ssize_t n = read(fd, text, sizeof text - 1);
    close(fd);
    if (n <= 0) return -1;
    text[n] = '\0';
    // "size resident shared text lib data dt", in pages.
    char *end = NULL;
    strtol(text, &end, 10);
    if (end == text || *end != ' ') return -1;
    char *start = end + 1;
    long resident = strtol(start, &end, 10);
    if (end == start) return -1;
    return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

int csys_parse_double(const char *text, double *out) {
    char *end = NULL;
    errno = 0;
    double value = strtod(text, &end);
    if (end == text || *end != '\0') return 0;
    *out = value;
    return 1;
}
