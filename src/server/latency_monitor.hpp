// The latency monitor (Redis 7.0 latency.c): per event class ("command", "fast-command",
// "expire-cycle", ...) the worst latency of each second over the last 160 seconds that had a
// sample at or above latency-monitor-threshold, and the all-time maximum. LATENCY LATEST,
// HISTORY, GRAPH, DOCTOR and RESET read it.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace cairn {

class LatencyMonitor {
public:
    static constexpr size_t kHistory = 160;  // LATENCY_TS_LEN

    struct Sample {
        int64_t time = 0;  // unix seconds; 0 = unused
        uint32_t latency_ms = 0;
    };
    struct Series {
        size_t idx = 0;  // next slot
        uint32_t max_ms = 0;
        std::array<Sample, kHistory> samples{};
        const Sample& latest() const { return samples[(idx + kHistory - 1) % kHistory]; }
        // The used samples, oldest first.
        std::vector<Sample> history() const;
    };

    // latencyAddSampleIfNeeded: nothing when the monitor is off (threshold 0) or ms is below.
    void add_if_needed(std::string_view event, int64_t ms, long long threshold_ms, int64_t now_s);
    void add(std::string_view event, uint32_t ms, int64_t now_s);
    // Resets one event (true if it existed) / every event (how many there were).
    bool reset(std::string_view event);
    size_t reset_all();

    const std::map<std::string, Series, std::less<>>& events() const { return events_; }
    const Series* find(std::string_view event) const;

    // LATENCY GRAPH's text (latencyCommandGenSparkeline) for an event.
    static std::string graph(std::string_view event, const Series& s, int64_t now_s);
    // LATENCY DOCTOR's report (createLatencyReport, for the events Cairn records).
    struct DoctorInputs {
        long long threshold_ms;             // latency-monitor-threshold
        long long slowlog_log_slower_than;  // us
        int hz;
        int64_t now_s;
    };
    std::string doctor_report(const DoctorInputs& in) const;

private:
    std::map<std::string, Series, std::less<>> events_;
};

}  // namespace cairn
