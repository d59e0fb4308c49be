/* The ceiling of the gateway comparison (bench/compare): the least a gateway can do for the bench's job,
 * as a bare libmosquitto loop with no buffer, no JSON parser and no hardware. It connects NDEV child devices
 * ("Bench 000"...) and answers the driver's RPCs the way pinpost does on the bench board: toggle_gpio flips
 * the device's output and publishes the reply, the output's and its looped-back input's telemetry and the
 * output as a client attribute; get_gpio replies with the level. Everything at QoS 1, 100 in flight.
 *
 *   ceiling PORT NDEV
 *
 * Whatever pinpost or the Python reference measure is shown against this as the limit of this machine and
 * broker for the same messages. */
#define _GNU_SOURCE
#include <mosquitto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

struct gateway {
    int ndev;
    char *levels;
};

static long long wall_ms(void) {
    struct timeval tv;
    gettimeofday(&tv, NULL);
    return (long long)tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

static void publish(struct mosquitto *m, const char *topic, const char *payload) {
    mosquitto_publish(m, NULL, topic, (int)strlen(payload), payload, 1, false);
}

/* The integer after `"key":` in p, or -1. Enough for the driver's fixed request shape. */
static long field(const char *p, const char *key) {
    const char *at = strstr(p, key);
    return at ? strtol(at + strlen(key), NULL, 10) : -1;
}

static void on_message(struct mosquitto *m, void *obj, const struct mosquitto_message *msg) {
    struct gateway *g = obj;
    char text[512], out[512];
    if (strcmp(msg->topic, "v1/gateway/rpc") != 0 || msg->payloadlen >= (int)sizeof text) return;
    memcpy(text, msg->payload, msg->payloadlen);
    text[msg->payloadlen] = 0;
    if (!strstr(text, "\"method\"")) return; /* our own reply, echoed by the broker */
    long device = field(text, "\"device\":\"Bench "), id = field(text, "\"id\":");
    if (device < 0 || device >= g->ndev || id < 0) return;
    if (strstr(text, "\"toggle_gpio\"")) {
        const char *level = (g->levels[device] ^= 1) ? "true" : "false";
        long long ts = wall_ms();
        snprintf(out, sizeof out, "{\"device\":\"Bench %03ld\",\"id\":%ld,\"data\":{\"success\":true,\"pin\":1,\"value\":%s}}", device, id, level);
        publish(m, "v1/gateway/rpc", out);
        snprintf(out, sizeof out, "{\"Bench %03ld\":[{\"ts\":%lld,\"values\":{\"1\":%s}}]}", device, ts, level);
        publish(m, "v1/gateway/telemetry", out);
        snprintf(out, sizeof out, "{\"Bench %03ld\":[{\"ts\":%lld,\"values\":{\"2\":%s}}]}", device, ts, level);
        publish(m, "v1/gateway/telemetry", out);
        snprintf(out, sizeof out, "{\"Bench %03ld\":{\"1\":%s}}", device, level);
        publish(m, "v1/gateway/attributes", out);
    } else {
        snprintf(out, sizeof out, "{\"device\":\"Bench %03ld\",\"id\":%ld,\"data\":{\"pin\":1,\"value\":%s}}",
                 device, id, g->levels[device] ? "true" : "false");
        publish(m, "v1/gateway/rpc", out);
    }
}

static void on_connect(struct mosquitto *m, void *obj, int rc) {
    struct gateway *g = obj;
    char out[128];
    if (rc != 0) return;
    mosquitto_subscribe(m, NULL, "v1/gateway/rpc", 1);
    for (int i = 0; i < g->ndev; i++) {
        snprintf(out, sizeof out, "{\"device\":\"Bench %03d\",\"type\":\"bench-gpio\"}", i);
        publish(m, "v1/gateway/connect", out);
    }
}

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: ceiling PORT NDEV\n"); return 2; }
    struct gateway g = {atoi(argv[2]), NULL};
    if (g.ndev <= 0) { fprintf(stderr, "ceiling: NDEV must be positive\n"); return 2; }
    g.levels = calloc(g.ndev, 1);
    mosquitto_lib_init();
    struct mosquitto *m = mosquitto_new("bench-ceiling", true, &g);
    mosquitto_username_pw_set(m, "BENCH_TOKEN", NULL);
    mosquitto_max_inflight_messages_set(m, 100);
    mosquitto_int_option(m, MOSQ_OPT_TCP_NODELAY, 1); /* as pinpost does */
    mosquitto_connect_callback_set(m, on_connect);
    mosquitto_message_callback_set(m, on_message);
    if (mosquitto_connect(m, "127.0.0.1", atoi(argv[1]), 60) != MOSQ_ERR_SUCCESS) {
        fprintf(stderr, "ceiling: cannot connect to port %s\n", argv[1]);
        return 1;
    }
    mosquitto_loop_forever(m, -1, 1); /* until SIGTERM from the harness */
    return 0;
}
