// Propagation through the pipeline, in process: commands run by a pseudo-client, what they
// propagate recorded by a sink. No cron runs here, so lazy expiry is deterministic.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "clients/client.hpp"
#include "server/propagation_log.hpp"
#include "server/server.hpp"

namespace cairn {
namespace {

using Words = std::vector<std::string>;

struct Recorder : PropagationSink {
    explicit Recorder(uint8_t t) : t_(t) {}
    uint8_t targets() const override { return t_; }
    void feed(int db, const std::vector<std::string>& argv) override { fed.emplace_back(db, argv); }
    std::vector<Words> words() const {
        std::vector<Words> out;
        for (const auto& [db, argv] : fed) out.push_back(argv);
        return out;
    }
    uint8_t t_;
    std::vector<std::pair<int, Words>> fed;
};

class PropagationPipelineTest : public ::testing::Test {
protected:
    PropagationPipelineTest() : server_(config::Config{}), client_(server_.create_pseudo_client()) {
        server_.propagator().add_sink(&aof_);
    }
    ~PropagationPipelineTest() override { server_.propagator().remove_sink(&aof_); }

    void run(std::vector<std::string> args) {
        std::vector<std::string_view> argv(args.begin(), args.end());
        ASSERT_TRUE(server_.execute(*client_, argv));
        client_->output().consume(client_->output().pending());
    }
    std::vector<Words> take() {
        std::vector<Words> w = aof_.words();
        aof_.fed.clear();
        return w;
    }
    std::string ms(int64_t delta) { return std::to_string(server_.now_ms() + delta); }

    Server server_;
    std::unique_ptr<Client> client_;
    Recorder aof_{kPropagateAof};
};

TEST_F(PropagationPipelineTest, ReadsAndNoOpWritesPropagateNothing) {
    run({"GET", "k"});
    run({"DEL", "missing"});
    run({"SADD", "s", "a"});
    take();
    run({"SADD", "s", "a"});  // already a member
    run({"EXPIRE", "missing", "10"});
    EXPECT_TRUE(take().empty());
}

TEST_F(PropagationPipelineTest, UnchangedArgvKeepsTheClientsSpelling) {
    run({"sadd", "s", "a", "b"});
    run({"SeT", "k", "v"});
    EXPECT_EQ(take(), (std::vector<Words>{{"sadd", "s", "a", "b"}, {"SeT", "k", "v"}}));
}

TEST_F(PropagationPipelineTest, RelativeExpiriesBecomeAbsolute) {
    run({"set", "k", "v", "ex", "100", "nx"});
    run({"setex", "k2", "100", "v"});
    run({"expire", "k", "50", "xx"});
    run({"pexpireat", "k", ms(70000)});
    run({"getex", "k", "px", "60000"});
    run({"incrbyfloat", "f", "1.5"});
    EXPECT_EQ(take(), (std::vector<Words>{{"SET", "k", "v", "PXAT", ms(100000)},
                                          {"SET", "k2", "v", "PXAT", ms(100000)},
                                          {"PEXPIREAT", "k", ms(50000), "xx"},
                                          {"pexpireat", "k", ms(70000)},
                                          {"PEXPIREAT", "k", ms(60000)},
                                          {"SET", "f", "1.5", "KEEPTTL"}}));
}

TEST_F(PropagationPipelineTest, RandomPicksAreMadeExplicit) {
    run({"SADD", "s", "only"});
    take();
    run({"SPOP", "s"});
    EXPECT_EQ(take(), (std::vector<Words>{{"SREM", "s", "only"}}));
    run({"SADD", "s", "a", "b"});
    take();
    run({"SPOP", "s", "5"});  // the whole set: the key goes
    EXPECT_EQ(take(), (std::vector<Words>{{"DEL", "s"}}));
    // Redis 7.0.15 writes DEL here even with lazyfree-lazy-server-del yes (checked with its AOF).
    run({"SADD", "s", "a", "b"});
    take();
    run({"SPOP", "s", "2"});
    EXPECT_EQ(take(), (std::vector<Words>{{"DEL", "s"}}));
}

// The lazyfree flags choose UNLINK for the deletions Redis 7.0.15 writes as UNLINK with them
// (checked with its AOF: GETDEL, EXPIRE and GETEX with a past time).
TEST_F(PropagationPipelineTest, LazyfreeFlagsMakeDeletionsUnlink) {
    server_.config().lazyfree_lazy_user_del = true;
    server_.config().lazyfree_lazy_expire = true;
    run({"SET", "a", "1"});
    run({"SET", "b", "1"});
    run({"SET", "c", "1"});
    take();
    run({"getdel", "a"});
    run({"expire", "b", "-1"});
    run({"getex", "c", "pxat", "1"});
    EXPECT_EQ(take(), (std::vector<Words>{{"UNLINK", "a"}, {"UNLINK", "b"}, {"UNLINK", "c"}}));
}

TEST_F(PropagationPipelineTest, LazyExpiryIsADeletionInsideTheUnitThatMetIt) {
    run({"SET", "a", "v", "PXAT", ms(-1000)});  // already expired
    run({"SET", "b", "v", "PXAT", ms(-1000)});
    take();
    run({"GET", "a"});
    EXPECT_EQ(take(), (std::vector<Words>{{"DEL", "a"}}));
    run({"set", "b", "w"});
    EXPECT_EQ(take(), (std::vector<Words>{{"MULTI"}, {"DEL", "b"}, {"set", "b", "w"}, {"EXEC"}}));
    server_.config().lazyfree_lazy_expire = true;
    run({"SET", "c", "v", "PXAT", ms(-1000)});
    take();
    run({"EXISTS", "c"});
    EXPECT_EQ(take(), (std::vector<Words>{{"UNLINK", "c"}}));
}

TEST_F(PropagationPipelineTest, ExecWrapsSeveralWritesOnly) {
    run({"MULTI"});
    run({"SET", "a", "1"});
    run({"GET", "a"});
    run({"EXEC"});
    EXPECT_EQ(take(), (std::vector<Words>{{"SET", "a", "1"}}));  // one write: no wrapper
    run({"MULTI"});
    run({"SET", "a", "2"});
    run({"SELECT", "3"});
    run({"INCR", "n"});
    run({"EXEC"});
    ASSERT_EQ(aof_.fed.size(), 4u);
    EXPECT_EQ(aof_.fed[0], (std::pair<int, Words>{0, {"MULTI"}}));
    EXPECT_EQ(aof_.fed[1], (std::pair<int, Words>{0, {"SET", "a", "2"}}));
    EXPECT_EQ(aof_.fed[2], (std::pair<int, Words>{3, {"INCR", "n"}}));
    EXPECT_EQ(aof_.fed[3], (std::pair<int, Words>{3, {"EXEC"}}));
    take();
    run({"MULTI"});
    run({"GET", "a"});
    run({"EXEC"});
    EXPECT_TRUE(take().empty());
}

TEST_F(PropagationPipelineTest, FlushesAreForcedAndPublishGoesToReplicasOnly) {
    Recorder repl(kPropagateRepl);
    server_.propagator().add_sink(&repl);
    run({"FLUSHALL"});  // nothing to flush, propagated all the same
    run({"PUBLISH", "ch", "m"});
    EXPECT_EQ(take(), (std::vector<Words>{{"FLUSHALL"}}));
    EXPECT_EQ(repl.words(), (std::vector<Words>{{"FLUSHALL"}, {"PUBLISH", "ch", "m"}}));
    server_.propagator().remove_sink(&repl);
}

TEST_F(PropagationPipelineTest, BlockingCommandsServedAtOncePropagateAsPlainOnes) {
    run({"RPUSH", "l", "a", "b", "c"});
    run({"ZADD", "z", "1", "a", "2", "b"});
    take();
    run({"BLPOP", "l", "0"});
    run({"BRPOPLPUSH", "l", "l2", "0"});
    run({"BLMOVE", "l", "l2", "left", "RIGHT", "0"});
    run({"BZPOPMAX", "z", "0"});
    run({"ZMPOP", "1", "z", "MIN", "COUNT", "9"});
    EXPECT_EQ(take(), (std::vector<Words>{{"LPOP", "l"},
                                          {"RPOPLPUSH", "l", "l2"},
                                          {"LMOVE", "l", "l2", "left", "RIGHT"},
                                          {"ZPOPMAX", "z"},
                                          {"ZPOPMIN", "z", "1"}}));
}

// The test sink writes what Redis writes in its AOF: RESP, SELECT when the db changes.
TEST(PropagationLog, WritesRespWithSelectOnDbChange) {
    std::string path = ::testing::TempDir() + "cairn_propagation_log_test.aof";
    {
        PropagationLog log;
        std::string err;
        ASSERT_TRUE(log.open(path, err)) << err;
        log.feed(0, {"SET", "a", "1"});
        log.feed(0, {"DEL", "a"});
        log.feed(2, {"INCR", "n"});
    }
    std::ifstream in(path, std::ios::binary);
    std::stringstream got;
    got << in.rdbuf();
    EXPECT_EQ(got.str(),
              "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n"
              "*2\r\n$3\r\nDEL\r\n$1\r\na\r\n*2\r\n$6\r\nSELECT\r\n$1\r\n2\r\n"
              "*2\r\n$4\r\nINCR\r\n$1\r\nn\r\n");
    std::remove(path.c_str());
}

}  // namespace
}  // namespace cairn
