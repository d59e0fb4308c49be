// sd_notify(3) without libsystemd: one datagram to $NOTIFY_SOCKET. Written here because linking libsystemd
// statically is not possible (Debian ships no libsystemd.a) and the protocol is a single sendto().
#include "csystem.h"
#include <sys/socket.h>
#include <sys/un.h>
#include <stddef.h>

int csys_sd_notify(const char *state) {
    const char *path = getenv("NOTIFY_SOCKET");
    if (path == NULL || path[0] == '\0') return 0;  // not started by systemd with Type=notify
    size_t length = strlen(path);
    if ((path[0] != '/' && path[0] != '@') || length >= sizeof(((struct sockaddr_un *)0)->sun_path)) {
        errno = EINVAL;
        return -1;
    }
    struct sockaddr_un address;
    memset(&address, 0, sizeof address);
    address.sun_family = AF_UNIX;
    memcpy(address.sun_path, path, length);
    if (path[0] == '@') address.sun_path[0] = '\0';  // abstract namespace
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    socklen_t size = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + length);
    ssize_t sent = sendto(fd, state, strlen(state), MSG_NOSIGNAL, (struct sockaddr *)&address, size);
    int saved = errno;
    close(fd);
    errno = saved;
    return sent < 0 ? -1 : 1;
}

long csys_watchdog_usec(void) {
    const char *text = getenv("WATCHDOG_USEC");
    if (text == NULL) return 0;
    char *end = NULL;
    long value = strtol(text, &end, 10);
    return (end != text && *end == '\0' && value > 0) ? value : 0;
}
