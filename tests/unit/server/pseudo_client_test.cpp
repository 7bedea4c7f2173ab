// The dispatcher driven without sockets through a pseudo-client: lookup, arity, errors,
// stats and replies, all in process.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "clients/client.hpp"
#include "server/server.hpp"

namespace cairn {
namespace {

class PseudoClientTest : public ::testing::Test {
protected:
    PseudoClientTest() : server_(config::Config{}), client_(server_.create_pseudo_client()) {}

    // Runs one command and returns the bytes it replied.
    std::string run(std::vector<std::string> args) {
        std::vector<std::string_view> argv(args.begin(), args.end());
        EXPECT_TRUE(server_.execute(*client_, argv));
        std::string out;
        client_->output().for_each_pending([&](const char* d, size_t n) { out.append(d, n); },
                                           1000);
        client_->output().consume(client_->output().pending());
        return out;
    }

    Server server_;
    std::unique_ptr<Client> client_;
};

TEST_F(PseudoClientTest, HasNoConnectionAndIsNotListed) {
    EXPECT_EQ(client_->fd(), -1);
    EXPECT_TRUE(client_->flags & kPseudo);
    EXPECT_EQ(server_.clients().size(), 0u);
}

TEST_F(PseudoClientTest, RunsCommandsAndWritesReplies) {
    EXPECT_EQ(run({"SET", "k", "v"}), "+OK\r\n");
    EXPECT_EQ(run({"get", "k"}), "$1\r\nv\r\n");
    EXPECT_EQ(run({"DBSIZE"}), ":1\r\n");
}

TEST_F(PseudoClientTest, RejectsUnknownCommandsAndBadArity) {
    EXPECT_EQ(run({"nosuch", "a"}),
              "-ERR unknown command 'nosuch', with args beginning with: 'a' \r\n");
    EXPECT_EQ(run({"GET"}), "-ERR wrong number of arguments for 'get' command\r\n");
    EXPECT_EQ(run({"CONFIG", "nope"}), "-ERR unknown subcommand 'nope'. Try CONFIG HELP.\r\n");
    EXPECT_EQ(server_.stats().total_error_replies, 3u);
    EXPECT_EQ(server_.commands().find("get")->stats().rejected_calls, 1u);
}

TEST_F(PseudoClientTest, CountsCallsAndFailures) {
    run({"SET", "n", "notanumber"});
    EXPECT_EQ(run({"INCR", "n"}), "-ERR value is not an integer or out of range\r\n");
    const CommandStats& st = server_.commands().find("incr")->stats();
    EXPECT_EQ(st.calls, 1u);
    EXPECT_EQ(st.failed_calls, 1u);
    EXPECT_EQ(server_.stats().errors_by_code.at("ERR"), 1u);
}

TEST_F(PseudoClientTest, ReplyOffDiscardsRepliesAndSkipCoversOneCommand) {
    client_->flags |= kReplyOff;
    EXPECT_EQ(run({"SET", "a", "1"}), "");
    client_->flags &= ~static_cast<uint32_t>(kReplyOff);
    client_->flags |= kReplySkipNext;       // as CLIENT REPLY SKIP leaves it
    EXPECT_EQ(run({"PING"}), "+PONG\r\n");  // the SKIP command itself is answered normally
    EXPECT_EQ(run({"GET", "a"}), "");       // the next one is skipped
    EXPECT_EQ(run({"GET", "a"}), "$1\r\n1\r\n");
}

TEST_F(PseudoClientTest, NoAuthBeforeAuthentication) {
    client_->authenticated = false;
    EXPECT_EQ(run({"GET", "k"}), "-NOAUTH Authentication required.\r\n");
    // Arity is checked before authentication, as in Redis.
    EXPECT_EQ(run({"GET"}), "-ERR wrong number of arguments for 'get' command\r\n");
}

}  // namespace
}  // namespace cairn
