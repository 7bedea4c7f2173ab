// The Propagator: ops of one execution unit reach the sinks together, wrapped in MULTI/EXEC
// when there are several, and only the sinks of the ops' targets.
#include "commands/propagation.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace cairn {
namespace {

struct Recorder : PropagationSink {
    explicit Recorder(uint8_t t) : t_(t) {}
    uint8_t targets() const override { return t_; }
    void feed(int db, const std::vector<std::string>& argv) override { fed.emplace_back(db, argv); }
    uint8_t t_;
    std::vector<std::pair<int, std::vector<std::string>>> fed;
};

using Words = std::vector<std::string>;

TEST(Propagator, InactiveWithoutSinksAndQueuesNothing) {
    Propagator p;
    EXPECT_FALSE(p.active());
    p.also_propagate(0, {"SET", "k", "v"});
    EXPECT_EQ(p.pending(), 0u);
}

TEST(Propagator, OneOpIsFedAsItIs) {
    Propagator p;
    Recorder aof(kPropagateAof);
    p.add_sink(&aof);
    p.also_propagate(3, {"SET", "k", "v"});
    EXPECT_TRUE(aof.fed.empty());  // nothing before the unit ends
    p.flush();
    ASSERT_EQ(aof.fed.size(), 1u);
    EXPECT_EQ(aof.fed[0].first, 3);
    EXPECT_EQ(aof.fed[0].second, (Words{"SET", "k", "v"}));
    EXPECT_EQ(p.pending(), 0u);
}

TEST(Propagator, SeveralOpsAreOneTransaction) {
    Propagator p;
    Recorder aof(kPropagateAof);
    p.add_sink(&aof);
    p.also_propagate(1, {"DEL", "a"});
    p.also_propagate(2, {"SET", "b", "v"});
    p.flush();
    ASSERT_EQ(aof.fed.size(), 4u);
    EXPECT_EQ(aof.fed[0], (std::pair<int, Words>{1, {"MULTI"}}));  // the first op's db
    EXPECT_EQ(aof.fed[1], (std::pair<int, Words>{1, {"DEL", "a"}}));
    EXPECT_EQ(aof.fed[2], (std::pair<int, Words>{2, {"SET", "b", "v"}}));
    EXPECT_EQ(aof.fed[3], (std::pair<int, Words>{2, {"EXEC"}}));  // the last op's db
}

TEST(Propagator, TargetsChooseTheSinks) {
    Propagator p;
    Recorder aof(kPropagateAof);
    Recorder repl(kPropagateRepl);
    p.add_sink(&aof);
    p.add_sink(&repl);
    p.also_propagate(0, {"PUBLISH", "ch", "m"}, kPropagateRepl);
    p.flush();
    EXPECT_TRUE(aof.fed.empty());
    ASSERT_EQ(repl.fed.size(), 1u);
    p.also_propagate(0, {"SET", "k", "v"}, kPropagateNone);
    EXPECT_EQ(p.pending(), 0u);
    p.remove_sink(&repl);
    p.remove_sink(&aof);
    EXPECT_FALSE(p.active());
}

TEST(Propagator, AnOpNoSinkTakesIsNotQueued) {
    Propagator p;
    Recorder aof(kPropagateAof);
    p.add_sink(&aof);
    p.also_propagate(0, {"SET", "k", "v"});
    p.also_propagate(0, {"PUBLISH", "ch", "m"}, kPropagateRepl);  // no replica sink
    EXPECT_EQ(p.pending(), 1u);
    p.flush();
    EXPECT_EQ(aof.fed.size(), 1u);  // not wrapped: one op
}

TEST(Propagator, FlushWithNothingPendingFeedsNothing) {
    Propagator p;
    Recorder aof(kPropagateAof);
    p.add_sink(&aof);
    p.flush();
    EXPECT_TRUE(aof.fed.empty());
}

}  // namespace
}  // namespace cairn
