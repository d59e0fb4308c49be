/* The platform side of the gateway comparison (bench/compare): one libmosquitto client on the bench broker
 * that plays ThingsBoard for whichever gateway is under test (pinpost, the Python reference, the C ceiling).
 * It is written in C so the load generator is never the bottleneck of what it measures.
 *
 *   driver session PORT NDEV NRPC WINDOW NRTT
 *       Waits for NDEV v1/gateway/connect messages (first one = start-up time), then on "go" from stdin
 *       sends NRPC toggle_gpio RPCs round-robin over the devices ("Bench 000"...) with at most WINDOW
 *       unanswered, until every reply and 2*NRPC telemetry entries arrived (each toggle makes the output's
 *       and its looped-back input's reading); then, on "go", NRTT get_gpio RPCs one at a time (round trip).
 *       WINDOW 0 sends no RPCs: the gateway's devices make telemetry on their own (scripted inputs), and
 *       the load phase counts 2*NRPC telemetry entries from "go".
 *   driver drain PORT SINCE_MS QUIET_MS
 *       Counts telemetry entries with ts < SINCE_MS (the backlog of an outage; 0: the wall time when the
 *       first telemetry arrives, i.e. the gateway's reconnect) and later ones (live), and stops when no
 *       backlog entry has come for QUIET_MS after the first.
 *
 * Every client's getSessionLimits is answered with ThingsBoard's defaults (64 KiB, 100 in flight, no rate
 * limits). Results are one JSON object per phase on stdout, with CLOCK_MONOTONIC seconds (the clock of
 * Python's time.monotonic, so the harness can subtract its own timestamps). */
#define _GNU_SOURCE
#include <mosquitto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum mode { SESSION, DRAIN };

struct state {
    enum mode mode;
    int ndev, nrpc, window, nrtt;
    /* session */
    int connects;
    double first_msg;
    int load_running, rtt_running;
    int sent, replies, telemetry_entries, telemetry_msgs, attribute_msgs;
    double load_start, load_end, last_progress;
    int rtt_done, rtt_lost;
    double rtt_sent_at;
    double *rtts;
    /* drain */
    long long since_ms;
    long backlog_entries, backlog_msgs, live_entries;
    double drain_first, drain_last_backlog;
};

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static long long wall_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int count_substr(const char *p, int len, const char *needle) {
    int n = 0, k = (int)strlen(needle);
    for (int i = 0; i + k <= len; i++) if (memcmp(p + i, needle, k) == 0) { n++; i += k - 1; }
    return n;
}

static void publish(struct mosquitto *m, const char *topic, const char *payload) {
    mosquitto_publish(m, NULL, topic, (int)strlen(payload), payload, 1, false);
}

static void send_rpc(struct mosquitto *m, struct state *s, int seq, const char *method) {
    char payload[200];
    snprintf(payload, sizeof payload,
             "{\"device\":\"Bench %03d\",\"data\":{\"id\":%d,\"method\":\"%s\",\"params\":{\"pin\":1}}}",
             seq % s->ndev, seq, method);
    publish(m, "v1/gateway/rpc", payload);
}

/* Answers a client-side getSessionLimits RPC on v1/devices/me/rpc/request/N. */
static void answer_session_limits(struct mosquitto *m, const char *topic, const char *p, int len) {
    if (count_substr(p, len, "getSessionLimits") == 0) return;
    char reply_topic[128];
    snprintf(reply_topic, sizeof reply_topic, "v1/devices/me/rpc/response/%s", topic + strlen("v1/devices/me/rpc/request/"));
    publish(m, reply_topic,
            "{\"maxPayloadSize\":65536,\"maxInflightMessages\":100,"
            "\"rateLimits\":{\"messages\":\"0:0,\",\"telemetryMessages\":\"0:0,\",\"telemetryDataPoints\":\"0:0,\"},"
            "\"gatewayRateLimits\":{\"messages\":\"0:0,\",\"telemetryMessages\":\"0:0,\",\"telemetryDataPoints\":\"0:0,\"}}");
}

static void on_session_message(struct mosquitto *m, struct state *s, const struct mosquitto_message *msg) {
    const char *p = msg->payload;
    int len = msg->payloadlen;
    double t = now_s();
    s->last_progress = t;
    if (strcmp(msg->topic, "v1/gateway/connect") == 0) {
        if (s->connects++ == 0) s->first_msg = t;
    } else if (strcmp(msg->topic, "v1/gateway/rpc") == 0) {
        if (count_substr(p, len, "\"method\"") > 0) return; /* our own request, echoed by the broker */
        if (s->load_running) {
            s->replies++;
            if (s->sent < s->nrpc) send_rpc(m, s, s->sent++, "toggle_gpio");
        } else if (s->rtt_running) {
            s->rtts[s->rtt_done++] = t - s->rtt_sent_at;
            if (s->rtt_done + s->rtt_lost < s->nrtt) {
                s->rtt_sent_at = now_s();
                send_rpc(m, s, s->nrpc + s->rtt_done + s->rtt_lost, "get_gpio");
            }
        }
    } else if (strcmp(msg->topic, "v1/gateway/telemetry") == 0) {
        if (s->load_running) { s->telemetry_entries += count_substr(p, len, "\"ts\""); s->telemetry_msgs++; }
    } else if (strcmp(msg->topic, "v1/gateway/attributes") == 0) {
        if (s->load_running) s->attribute_msgs++;
    }
    if (s->load_running && (s->window == 0 || s->replies >= s->nrpc) && s->telemetry_entries >= 2 * s->nrpc) {
        s->load_running = 0;
        s->load_end = t;
    }
}

static void on_drain_message(struct state *s, const struct mosquitto_message *msg) {
    if (strcmp(msg->topic, "v1/gateway/telemetry") != 0) return;
    const char *p = msg->payload;
    int len = msg->payloadlen, backlog = 0;
    double t = now_s();
    if (s->drain_first == 0) {
        s->drain_first = t;
        /* Everything read before the gateway got back is backlog, including what it buffered while the
         * broker was already up again but its reconnect backoff had not expired yet. */
        if (s->since_ms == 0) s->since_ms = wall_ms();
    }
    for (int i = 0; i + 5 < len; i++) {
        if (memcmp(p + i, "\"ts\":", 5) != 0) continue;
        long long ts = strtoll(p + i + 5, NULL, 10);
        if (ts < s->since_ms) { s->backlog_entries++; backlog = 1; } else s->live_entries++;
    }
    if (backlog) { s->backlog_msgs++; s->drain_last_backlog = t; }
}

static void on_message(struct mosquitto *m, void *obj, const struct mosquitto_message *msg) {
    struct state *s = obj;
    if (strncmp(msg->topic, "v1/devices/me/rpc/request/", 26) == 0) {
        answer_session_limits(m, msg->topic, msg->payload, msg->payloadlen);
        return;
    }
    if (s->mode == SESSION) on_session_message(m, s, msg); else on_drain_message(s, msg);
}

static void on_connect(struct mosquitto *m, void *obj, int rc) {
    (void)obj;
    if (rc != 0) return;
    mosquitto_subscribe(m, NULL, "v1/gateway/#", 1);
    mosquitto_subscribe(m, NULL, "v1/devices/me/rpc/request/+", 1);
}

static void wait_go(void) {
    char line[64];
    if (!fgets(line, sizeof line, stdin)) exit(3);
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static int run_session(struct mosquitto *m, struct state *s) {
    double deadline = now_s() + 120;
    printf("{\"phase\":\"ready\"}\n"); fflush(stdout);
    /* A gateway that drops some connects (seen with hundreds of devices) is still measured: go on once
     * no further connect has come for 3 s, and report how many came. */
    int seen = 0;
    double last_connect = 0;
    while (s->connects < s->ndev && now_s() < deadline) {
        mosquitto_loop(m, 5, 1);
        if (s->connects != seen) { seen = s->connects; last_connect = now_s(); }
        if (seen > 0 && now_s() - last_connect > 3.0) break;
    }
    if (s->connects == 0) { printf("{\"phase\":\"error\",\"why\":\"no connect\"}\n"); return 1; }
    /* Let the start-up traffic (client attributes, attribute requests, session limits) settle. */
    double settle = now_s() + 1.5;
    while (now_s() < settle) mosquitto_loop(m, 5, 1);
    printf("{\"phase\":\"connected\",\"first_msg\":%.6f,\"connects\":%d}\n", s->first_msg, s->connects); fflush(stdout);
    wait_go();
    s->load_running = 1;
    s->load_start = now_s();
    for (; s->sent < s->window && s->sent < s->nrpc; s->sent++) send_rpc(m, s, s->sent, "toggle_gpio");
    /* A gateway that loses a reply would stall the window: give up after 5 s without any message. */
    s->last_progress = now_s();
    while (s->load_running && now_s() - s->last_progress < 5.0) mosquitto_loop(m, 5, 1);
    if (s->load_running) s->load_end = s->last_progress;
    printf("{\"phase\":\"load\",\"start\":%.6f,\"end\":%.6f,\"rpcs\":%d,\"replies\":%d,\"telemetry_entries\":%d,"
           "\"telemetry_msgs\":%d,\"attribute_msgs\":%d,\"complete\":%s}\n",
           s->load_start, s->load_end, s->sent, s->replies, s->telemetry_entries, s->telemetry_msgs,
           s->attribute_msgs, s->load_running ? "false" : "true");
    fflush(stdout);
    s->load_running = 0;
    wait_go();
    /* Drain what the load left in flight before timing single round trips. */
    double quiet = now_s() + 1.0;
    while (now_s() < quiet) mosquitto_loop(m, 5, 1);
    s->rtts = calloc(s->nrtt > 0 ? s->nrtt : 1, sizeof(double));
    if (s->nrtt > 0) {
        s->rtt_running = 1;
        s->rtt_sent_at = now_s();
        send_rpc(m, s, s->nrpc, "get_gpio");
        double end = now_s() + 60;
        while (s->rtt_done + s->rtt_lost < s->nrtt && now_s() < end) {
            mosquitto_loop(m, 5, 1);
            if (now_s() - s->rtt_sent_at > 2.0) { /* lost: count it and go on */
                s->rtt_lost++;
                s->rtt_sent_at = now_s();
                send_rpc(m, s, s->nrpc + s->rtt_done + s->rtt_lost, "get_gpio");
            }
        }
        s->rtt_running = 0;
    }
    qsort(s->rtts, s->rtt_done, sizeof(double), cmp_double);
    double median = s->rtt_done ? s->rtts[s->rtt_done / 2] : -1;
    double p99 = s->rtt_done ? s->rtts[(int)(s->rtt_done * 0.99) < s->rtt_done ? (int)(s->rtt_done * 0.99) : s->rtt_done - 1] : -1;
    printf("{\"phase\":\"rtt\",\"count\":%d,\"lost\":%d,\"median_s\":%.6f,\"p99_s\":%.6f}\n", s->rtt_done, s->rtt_lost, median, p99);
    fflush(stdout);
    return 0;
}

static int run_drain(struct mosquitto *m, struct state *s, double quiet_s) {
    printf("{\"phase\":\"ready\"}\n"); fflush(stdout);
    double deadline = now_s() + 300;
    while (now_s() < deadline) {
        mosquitto_loop(m, 5, 1);
        if (s->drain_last_backlog > 0 && now_s() - s->drain_last_backlog > quiet_s) break;
    }
    printf("{\"phase\":\"drain\",\"first_msg\":%.6f,\"last_backlog\":%.6f,\"backlog_entries\":%ld,"
           "\"backlog_msgs\":%ld,\"live_entries\":%ld}\n",
           s->drain_first, s->drain_last_backlog, s->backlog_entries, s->backlog_msgs, s->live_entries);
    fflush(stdout);
    return 0;
}

int main(int argc, char **argv) {
    struct state s = {0};
    if (argc >= 7 && strcmp(argv[1], "session") == 0) {
        s.mode = SESSION;
        s.ndev = atoi(argv[3]); s.nrpc = atoi(argv[4]); s.window = atoi(argv[5]); s.nrtt = atoi(argv[6]);
    } else if (argc >= 5 && strcmp(argv[1], "drain") == 0) {
        s.mode = DRAIN;
        s.since_ms = atoll(argv[3]);
    } else {
        fprintf(stderr, "usage: driver session PORT NDEV NRPC WINDOW NRTT | driver drain PORT SINCE_MS QUIET_MS\n");
        return 2;
    }
    if (s.ndev <= 0 && s.mode == SESSION) { fprintf(stderr, "driver: NDEV must be positive\n"); return 2; }
    mosquitto_lib_init();
    struct mosquitto *m = mosquitto_new("bench-platform", true, &s);
    mosquitto_max_inflight_messages_set(m, 0);
    mosquitto_int_option(m, MOSQ_OPT_TCP_NODELAY, 1);
    mosquitto_connect_callback_set(m, on_connect);
    mosquitto_message_callback_set(m, on_message);
    double deadline = now_s() + 20;
    while (mosquitto_connect(m, "127.0.0.1", atoi(argv[2]), 60) != MOSQ_ERR_SUCCESS) {
        if (now_s() > deadline) { fprintf(stderr, "driver: cannot connect to port %s\n", argv[2]); return 1; }
        struct timespec pause = {0, 50 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
    /* Subscribed (SUBACK) before anyone is told to start. */
    double until = now_s() + 0.3;
    while (now_s() < until) mosquitto_loop(m, 5, 1);
    int rc = s.mode == SESSION ? run_session(m, &s) : run_drain(m, &s, atof(argv[4]) / 1000.0);
    mosquitto_disconnect(m);
    mosquitto_destroy(m);
    mosquitto_lib_cleanup();
    return rc;
}
