// Linux: the systemd notification protocol (sd_notify(3)) behind readiness.hpp and
// supervision.hpp. Uses libsystemd when the build found it (CAIRN_HAVE_LIBSYSTEMD), else the
// built-in datagram sender; both speak the same protocol to $NOTIFY_SOCKET.
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <string>

#include "service/notify_socket.hpp"
#include "service/readiness.hpp"
#include "service/supervision.hpp"

#if CAIRN_HAVE_LIBSYSTEMD
#include <systemd/sd-daemon.h>
#endif

namespace cairn::service {

namespace {

bool g_systemd = false;           // supervision active: messages go to systemd
uint64_t g_watchdog_us = 0;       // 0 = no watchdog
int64_t g_last_watchdog_ms = -1;  // when WATCHDOG=1 was last sent

int send(const std::string& state) {
#if CAIRN_HAVE_LIBSYSTEMD
    return sd_notify(0, state.c_str());
#else
    return detail::send_notify_datagram(state);
#endif
}

int watchdog_enabled(uint64_t& usec) {
#if CAIRN_HAVE_LIBSYSTEMD
    return sd_watchdog_enabled(0, &usec);
#else
    return detail::watchdog_enabled_from_env(usec);
#endif
}

// Redis's redisCommunicateSystemd: the result, plus a warning line when it failed.
int communicate(const std::string& state, std::vector<SupervisionLog>* logs) {
    int ret = send(state);
    if (logs == nullptr) return ret;
    if (ret == 0) {
        logs->push_back({true, false, "systemd supervision error: NOTIFY_SOCKET not found!"});
    } else if (ret < 0) {
        logs->push_back(
            {true, false, "systemd supervision error: sd_notify: " + std::to_string(ret)});
    }
    return ret;
}

bool start_systemd(std::vector<SupervisionLog>& logs) {
    if (communicate("STATUS=Cairn is loading...\n", &logs) <= 0) return false;
    logs.push_back({false, false,
                    "Supervised by systemd. Please make sure you set appropriate values for "
                    "TimeoutStartSec and TimeoutStopSec in your service unit."});
    uint64_t usec = 0;
    if (watchdog_enabled(usec) > 0) {
        g_watchdog_us = usec;
        logs.push_back(
            {false, false,
             "systemd watchdog enabled: WATCHDOG=1 every " + std::to_string(usec / 2000) + " ms"});
    }
    return true;
}

// Redis's redisSupervisedUpstart: upstart's "expect stop" waits for the job to stop itself.
bool start_upstart(std::vector<SupervisionLog>& logs) {
    if (std::getenv("UPSTART_JOB") == nullptr) {
        logs.push_back({true, false, "upstart supervision requested, but UPSTART_JOB not found!"});
        return false;
    }
    logs.push_back({false, false, "supervised by upstart, will stop to signal readiness."});
    std::raise(SIGSTOP);
    ::unsetenv("UPSTART_JOB");
    return true;
}

}  // namespace

std::vector<SupervisionLog> start_supervision(std::string_view mode) {
    std::vector<SupervisionLog> logs;
    g_systemd = false;
    g_watchdog_us = 0;
    if (mode == "auto") {
        if (std::getenv("UPSTART_JOB") != nullptr) {
            logs.push_back({false, true, "Upstart supervision detected."});
            mode = "upstart";
        } else if (std::getenv("NOTIFY_SOCKET") != nullptr) {
            logs.push_back({false, true, "Systemd supervision detected."});
            mode = "systemd";
        }
    }
    if (mode == "systemd") {
        g_systemd = start_systemd(logs);
    } else if (mode == "upstart") {
        start_upstart(logs);
    }
    return logs;
}

bool supervised_by_systemd() {
    return g_systemd;
}

uint64_t watchdog_interval_us() {
    return g_watchdog_us;
}

void watchdog_tick() {
    if (!g_systemd || g_watchdog_us == 0) return;
    using namespace std::chrono;
    const int64_t now_ms =
        duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
    const auto half_ms = static_cast<int64_t>(g_watchdog_us / 2000);
    if (g_last_watchdog_ms >= 0 && now_ms - g_last_watchdog_ms < half_ms) return;
    g_last_watchdog_ms = now_ms;
    send("WATCHDOG=1\n");
}

void notify_status(std::string_view status) {
    if (!g_systemd) return;
    std::string msg = "STATUS=";
    msg += status;
    msg += '\n';
    send(msg);
}

void notify_ready() {
    if (!g_systemd) return;
    send("STATUS=Ready to accept connections\n");
    send("READY=1\n");
}

void notify_stopping() {
    if (!g_systemd) return;
    send("STOPPING=1\n");
}

std::string_view stop_request() {
    return {};  // systemd stops the server with a real SIGTERM
}

}  // namespace cairn::service
