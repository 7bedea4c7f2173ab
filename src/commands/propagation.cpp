#include "commands/propagation.hpp"

#include <algorithm>

namespace cairn {

void Propagator::add_sink(PropagationSink* sink) {
    sinks_.push_back(sink);
    sink_targets_ |= sink->targets();
}

void Propagator::remove_sink(PropagationSink* sink) {
    sinks_.erase(std::remove(sinks_.begin(), sinks_.end(), sink), sinks_.end());
    sink_targets_ = kPropagateNone;
    for (PropagationSink* s : sinks_) sink_targets_ |= s->targets();
}

void Propagator::also_propagate(int db, std::vector<std::string> argv, uint8_t targets) {
    // An op nobody receives is not queued, so it cannot make a unit look like several ops
    // (Redis's shouldPropagate: no replicas, no forced PUBLISH in the AOF's transaction).
    if ((targets & sink_targets_) == kPropagateNone) return;
    ops_.push_back(Op{db, std::move(argv), targets});
}

void Propagator::feed(int db, const std::vector<std::string>& argv, uint8_t targets) {
    for (PropagationSink* s : sinks_) {
        if (s->targets() & targets) s->feed(db, argv);
    }
}

void Propagator::flush() {
    if (ops_.empty()) return;
    std::vector<Op> ops;
    ops.swap(ops_);
    // One command is atomic by itself; several are one transaction. MULTI takes the first
    // op's database (so a SELECT goes before it) and EXEC the last one's (so none goes in
    // between), as Redis does.
    bool wrap = ops.size() > 1;
    if (wrap) feed(ops.front().db, {"MULTI"}, kPropagateAll);
    for (const Op& op : ops) feed(op.db, op.argv, op.targets);
    if (wrap) feed(ops.back().db, {"EXEC"}, kPropagateAll);
}

}  // namespace cairn
