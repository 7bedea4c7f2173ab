#include "server/latency_monitor.hpp"

#include <algorithm>
#include <cstdio>

namespace cairn {

std::vector<LatencyMonitor::Sample> LatencyMonitor::Series::history() const {
    std::vector<Sample> out;
    for (size_t j = 0; j < kHistory; j++) {
        const Sample& s = samples[(idx + j) % kHistory];
        if (s.time != 0) out.push_back(s);
    }
    return out;
}

void LatencyMonitor::add_if_needed(std::string_view event, int64_t ms, long long threshold_ms,
                                   int64_t now_s) {
    if (threshold_ms == 0 || ms < threshold_ms) return;
    add(event, static_cast<uint32_t>(std::min<int64_t>(ms, UINT32_MAX)), now_s);
}

void LatencyMonitor::add(std::string_view event, uint32_t ms, int64_t now_s) {
    auto it = events_.find(event);
    if (it == events_.end()) it = events_.emplace(std::string(event), Series{}).first;
    Series& s = it->second;
    s.max_ms = std::max(s.max_ms, ms);
    // One sample per second: the worst of that second.
    Sample& prev = s.samples[(s.idx + kHistory - 1) % kHistory];
    if (prev.time == now_s) {
        prev.latency_ms = std::max(prev.latency_ms, ms);
        return;
    }
    s.samples[s.idx] = {now_s, ms};
    s.idx = (s.idx + 1) % kHistory;
}

bool LatencyMonitor::reset(std::string_view event) {
    auto it = events_.find(event);
    if (it == events_.end()) return false;
    events_.erase(it);
    return true;
}

size_t LatencyMonitor::reset_all() {
    const size_t n = events_.size();
    events_.clear();
    return n;
}

const LatencyMonitor::Series* LatencyMonitor::find(std::string_view event) const {
    auto it = events_.find(event);
    return it == events_.end() ? nullptr : &it->second;
}

namespace {

// sparkline.c: four rows of "_o#" steps (filled below with '|'), then the labels downwards.
constexpr char kFill[] = "_o#";
constexpr int kCharsetLen = 3;
constexpr int kRows = 4;
constexpr size_t kColumns = 80;

struct Point {
    double value;
    std::string label;
};

void render_range(std::string& out, const std::vector<Point>& seq, double min, double max,
                  size_t offset, size_t len) {
    double relmax = max - min;
    if (relmax == 0) relmax = 1;
    const int steps = kCharsetLen * kRows;
    for (int row = 0;; row++) {
        bool loop = false;
        std::string chars(len, ' ');
        for (size_t j = 0; j < len; j++) {
            const Point& p = seq[j + offset];
            int step = static_cast<int>(((p.value - min) * steps) / relmax);
            step = std::clamp(step, 0, steps - 1);
            if (row < kRows) {
                loop = true;
                const int charidx = step - (kRows - row - 1) * kCharsetLen;
                if (charidx >= 0 && charidx < kCharsetLen) {
                    chars[j] = kFill[charidx];
                } else if (charidx >= kCharsetLen) {
                    chars[j] = '|';
                }
            } else {
                if (row - kRows < 1) {  // one blank line above the labels
                    loop = true;
                    break;
                }
                const int label_char = row - kRows - 1;
                if (static_cast<int>(p.label.size()) > label_char) {
                    loop = true;
                    chars[j] = p.label[static_cast<size_t>(label_char)];
                }
            }
        }
        if (!loop) return;
        out += chars;
        out += '\n';
    }
}

}  // namespace

std::string LatencyMonitor::graph(std::string_view event, const Series& s, int64_t now_s) {
    std::vector<Point> seq;
    uint32_t min = 0, max = 0;
    for (const Sample& sample : s.history()) {
        if (seq.empty()) {
            min = max = sample.latency_ms;
        } else {
            max = std::max(max, sample.latency_ms);
            min = std::min(min, sample.latency_ms);
        }
        const int64_t elapsed = now_s - sample.time;
        char label[32];
        if (elapsed < 60) {
            std::snprintf(label, sizeof(label), "%llds", static_cast<long long>(elapsed));
        } else if (elapsed < 3600) {
            std::snprintf(label, sizeof(label), "%lldm", static_cast<long long>(elapsed / 60));
        } else if (elapsed < 3600 * 24) {
            std::snprintf(label, sizeof(label), "%lldh", static_cast<long long>(elapsed / 3600));
        } else {
            std::snprintf(label, sizeof(label), "%lldd",
                          static_cast<long long>(elapsed / (3600 * 24)));
        }
        seq.push_back({static_cast<double>(sample.latency_ms), label});
    }
    char head[256];
    std::snprintf(head, sizeof(head), "%.*s - high %lu ms, low %lu ms (all time high %lu ms)\n",
                  static_cast<int>(event.size()), event.data(), static_cast<unsigned long>(max),
                  static_cast<unsigned long>(min), static_cast<unsigned long>(s.max_ms));
    std::string out = head;
    out.append(kColumns, '-');
    out += '\n';
    double seq_min = 0, seq_max = 0;
    for (size_t i = 0; i < seq.size(); i++) {
        if (i == 0) {
            seq_min = seq_max = seq[i].value;
        } else if (seq[i].value < seq_min) {
            seq_min = seq[i].value;
        } else if (seq[i].value > seq_max) {
            seq_max = seq[i].value;
        }
    }
    for (size_t j = 0; j < seq.size(); j += kColumns) {
        if (j != 0) out += '\n';
        render_range(out, seq, seq_min, seq_max, j, std::min(kColumns, seq.size() - j));
    }
    return out;
}

std::string LatencyMonitor::doctor_report(const DoctorInputs& in) const {
    if (events_.empty() && in.threshold_ms == 0) {
        return "I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis "
               "instance. You may use \"CONFIG SET latency-monitor-threshold <milliseconds>.\" in "
               "order to enable it. If we weren't in a deep space mission I'd suggest to take a "
               "look at https://redis.io/topics/latency-monitor.\n";
    }
    std::string report;
    bool slowlog_enabled = false, slowlog_tuning = false, slowlog_inspect = false,
         scheduler = false, hz = false, large_objects = false;
    int advices = 0;
    int eventnum = 0;
    for (const auto& [event, ts] : events_) {
        if (++eventnum == 1) {
            report +=
                "Dave, I have observed latency spikes in this Redis instance. You don't "
                "mind talking about it, do you Dave?\n\n";
        }
        // analyzeLatencyForEvent: average, mean absolute deviation, the period they cover.
        const std::vector<Sample> h = ts.history();
        uint64_t sum = 0;
        int64_t oldest = 0;
        for (const Sample& x : h) {
            sum += x.latency_ms;
            if (oldest == 0 || x.time < oldest) oldest = x.time;
        }
        const uint64_t samples = h.size();
        uint64_t avg = 0, mad = 0;
        int64_t period = 0;
        if (samples) {
            avg = sum / samples;
            period = in.now_s - oldest;
            if (period == 0) period = 1;
            uint64_t dev = 0;
            for (const Sample& x : h) {
                const int64_t d = static_cast<int64_t>(avg) - x.latency_ms;
                dev += static_cast<uint64_t>(d < 0 ? -d : d);
            }
            mad = dev / samples;
        }
        char line[512];
        std::snprintf(line, sizeof(line),
                      "%d. %s: %d latency spikes (average %lums, mean deviation %lums, period "
                      "%.2f sec). Worst all time event %lums.",
                      eventnum, event.c_str(), static_cast<int>(samples),
                      static_cast<unsigned long>(avg), static_cast<unsigned long>(mad),
                      samples ? static_cast<double>(period) / static_cast<double>(samples) : 0.0,
                      static_cast<unsigned long>(ts.max_ms));
        report += line;
        if (event == "command") {
            if (in.slowlog_log_slower_than < 0) {
                slowlog_enabled = true;
                advices++;
            } else if (in.slowlog_log_slower_than / 1000 > in.threshold_ms) {
                slowlog_tuning = true;
                advices++;
            }
            slowlog_inspect = large_objects = true;
            advices += 2;
        } else if (event == "fast-command") {
            scheduler = true;
            advices++;
        } else if (event == "expire-cycle") {
            hz = large_objects = true;
            advices += 2;
        }
        report += '\n';
    }
    if (eventnum == 0 && advices == 0) {
        report +=
            "Dave, no latency spike was observed during the lifetime of this Redis instance, "
            "not in the slightest bit. I honestly think you ought to sit down calmly, take a "
            "stress pill, and think things over.\n";
        return report;
    }
    if (advices == 0) {
        report +=
            "\nWhile there are latency events logged, I'm not able to suggest any easy fix. "
            "Please use the Redis community to get some help, providing this report in your "
            "help request.\n";
        return report;
    }
    report += "\nI have a few advices for you:\n\n";
    char buf[512];
    if (slowlog_enabled) {
        std::snprintf(buf, sizeof(buf),
                      "- There are latency issues with potentially slow commands you are using. "
                      "Try to enable the Slow Log Redis feature using the command 'CONFIG SET "
                      "slowlog-log-slower-than %llu'. If the Slow log is disabled Redis is not "
                      "able to log slow commands execution for you.\n",
                      static_cast<unsigned long long>(in.threshold_ms) * 1000);
        report += buf;
    }
    if (slowlog_tuning) {
        std::snprintf(buf, sizeof(buf),
                      "- Your current Slow Log configuration only logs events that are slower "
                      "than your configured latency monitor threshold. Please use 'CONFIG SET "
                      "slowlog-log-slower-than %llu'.\n",
                      static_cast<unsigned long long>(in.threshold_ms) * 1000);
        report += buf;
    }
    if (slowlog_inspect) {
        report +=
            "- Check your Slow Log to understand what are the commands you are running "
            "which are too slow to execute. Please check https://redis.io/commands/slowlog "
            "for more information.\n";
    }
    if (scheduler) {
        report +=
            "- The system is slow to execute Redis code paths not containing system calls. This "
            "usually means the system does not provide Redis CPU time to run for long periods. "
            "You should try to:\n"
            "  1) Lower the system load.\n"
            "  2) Use a computer / VM just for Redis if you are running other software in the "
            "same system.\n"
            "  3) Check if you have a \"noisy neighbour\" problem.\n"
            "  4) Check with 'redis-cli --intrinsic-latency 100' what is the intrinsic latency in "
            "your system.\n"
            "  5) Check if the problem is allocator-related by recompiling Redis with "
            "MALLOC=libc, if you are using Jemalloc. However this may create fragmentation "
            "problems.\n";
    }
    if (hz && in.hz < 100) {
        report +=
            "- In order to make the Redis keys expiring process more incremental, try to "
            "set the 'hz' configuration parameter to 100 using 'CONFIG SET hz 100'.\n";
    }
    if (large_objects) {
        report +=
            "- Deleting, expiring or evicting (because of maxmemory policy) large objects "
            "is a blocking operation. If you have very large objects that are often "
            "deleted, expired, or evicted, try to fragment those objects into multiple "
            "smaller objects.\n";
    }
    return report;
}

}  // namespace cairn
