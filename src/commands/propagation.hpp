// Propagation: the effect of each write as Redis 7.0 writes it to its AOF and its replicas
// (server.also_propagate and propagatePendingCommands). The pipeline's call stage appends
// the ops of one execution unit (a command, with what it ran nested: EXEC's commands, lazy
// expiries met on the way) and flushes them when the unit ends: one op as it is, several
// wrapped in MULTI / EXEC. Sinks (a test recorder now, the AOF and replicas later) receive
// the ops with their database; each sink inserts SELECT as its own stream needs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace cairn {

// Where an op goes (Redis's PROPAGATE_AOF / PROPAGATE_REPL).
enum PropagationTarget : uint8_t {
    kPropagateNone = 0,
    kPropagateAof = 1u << 0,
    kPropagateRepl = 1u << 1,
    kPropagateAll = kPropagateAof | kPropagateRepl,
};

class PropagationSink {
public:
    virtual ~PropagationSink() = default;
    // Which targets this sink stands for (an AOF writer is kPropagateAof).
    virtual uint8_t targets() const = 0;
    // One command of the stream, executed in database db.
    virtual void feed(int db, const std::vector<std::string>& argv) = 0;
};

class Propagator {
public:
    // False while no sink is attached: callers skip building argv copies altogether.
    bool active() const { return !sinks_.empty() && !suspended_; }
    // Loading an AOF replays commands that are already in the files: nothing propagates
    // while suspended.
    void suspend(bool on) { suspended_ = on; }
    void add_sink(PropagationSink* sink);
    void remove_sink(PropagationSink* sink);

    // Redis's alsoPropagate: queued until the execution unit ends; dropped when no sink takes
    // any of its targets.
    void also_propagate(int db, std::vector<std::string> argv, uint8_t targets = kPropagateAll);
    size_t pending() const { return ops_.size(); }

    // Redis's propagatePendingCommands: hands the queued ops to the sinks, wrapped in
    // MULTI / EXEC when there are several.
    void flush();

private:
    struct Op {
        int db;
        std::vector<std::string> argv;
        uint8_t targets;
    };
    void feed(int db, const std::vector<std::string>& argv, uint8_t targets);

    std::vector<PropagationSink*> sinks_;
    uint8_t sink_targets_ = kPropagateNone;  // union of the sinks' targets
    std::vector<Op> ops_;
    bool suspended_ = false;
};

// What the running command asks its call stage to propagate in place of its own argv
// (Redis's rewriteClientCommandVector, preventCommandPropagation, forceCommandPropagation).
// The call stage makes one only while a sink listens: commands check for it, so the path of a
// server without sinks stays as short as before propagation existed.
struct PropagationRequest {
    explicit PropagationRequest(Propagator& p) : propagator(p) {}
    Propagator& propagator;  // for also_propagate

    std::vector<std::string> rewritten;  // the argv to propagate instead (empty: none)
    uint8_t prevented = kPropagateNone;  // targets the command removed
    uint8_t forced = kPropagateNone;     // targets propagated even without a change
};

}  // namespace cairn
