// csystem.h: the libc headers pinpost needs, and small C shims for what Swift cannot call directly.
//
// Why shims: Embedded Swift cannot call C variadic functions (open, fcntl, ioctl, snprintf), cannot read
// the `errno` macro, and has no CommandLine; each of those gets a tiny fixed-signature wrapper here.
#ifndef PINPOST_CSYSTEM_H
#define PINPOST_CSYSTEM_H

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <sys/types.h>
#include <sys/uio.h>

// errno, readable from Swift.
int csys_errno(void);
void csys_set_errno(int value);

// open(2) with an explicit mode (open is variadic).
int csys_open(const char *path, int flags, unsigned int mode);
// fcntl(2) with an int argument, e.g. F_GETFL / F_SETFL.
int csys_fcntl_int(int fd, int cmd, int arg);
// ioctl(2) with a pointer argument (I2C_RDWR) and with an unsigned long argument (I2C_SLAVE).
int csys_ioctl_ptr(int fd, unsigned long request, void *arg);
int csys_ioctl_ulong(int fd, unsigned long request, unsigned long arg);

// The process arguments, saved before Swift code runs (see args.c for how, per build mode).
int csys_argc(void);
const char *csys_argv(int index);

// Standard streams as plain functions (stdout/stderr are macros or globals that differ between libcs).
void csys_write_stdout(const char *text, size_t length);
void csys_write_stderr(const char *text, size_t length);

// Signals: block a set so that signalfd can read them (sigset_t is opaque and macro-driven).
// `signals` is a 0-terminated list. Returns a signalfd or -1.
int csys_signalfd_for(const int *signals);
// Read one signalfd record; returns the signal number, 0 if none is pending, -1 on error.
int csys_signalfd_read(int fd);

// Wall clock in Unix milliseconds, and a monotonic clock in milliseconds.
int64_t csys_wall_ms(void);
int64_t csys_monotonic_ms(void);

// Whether the system clock has been set from a time source: 1 when systemd-timesyncd has synchronised it
// since boot (/run/systemd/timesync/synchronized) or the kernel's NTP state says synchronised, 0 when the
// kernel says unsynchronised (TIME_ERROR), -1 when nobody can tell (adjtimex refused: systemd's
// ProtectClock= blocks even its read-only form, and no timesyncd mark).
int csys_clock_synchronized(void);

// Strings of errno values (strerror's buffer is static: copy before the next call).
const char *csys_strerror(int code);

// Resident set size of this process in KiB, from /proc/self/statm; -1 if unknown.
long csys_rss_kib(void);

// Parses a decimal floating-point number with the C locale; returns 1 and sets *out on a full match.
int csys_parse_double(const char *text, double *out);

// systemd notification (READY=1, WATCHDOG=1, STOPPING=1, STATUS=...) over $NOTIFY_SOCKET.
// Returns 1 when sent, 0 when not running under systemd's notify protocol, -1 on error (errno set).
int csys_sd_notify(const char *state);
// The watchdog interval systemd asks for ($WATCHDOG_USEC), or 0.
long csys_watchdog_usec(void);

#endif
