// End-to-end tests with hiredis (synchronous API and pipelining) against a real server process.
//
// Usage: integration_hiredis_test [gtest flags] [path/to/server]
// The server binary is argv[1] (after gtest's flags are removed), else $CAIRN_SERVER, else
// /usr/bin/redis-server. It is started on a free 127.0.0.1 port and stopped by pid at the end.

#include <gtest/gtest.h>
#include <hiredis/hiredis.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

std::string g_server_binary;

int FreePort() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof(addr);
    int port = -1;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
        port = ntohs(addr.sin_port);
    }
    ::close(fd);
    return port;
}

struct ReplyDeleter {
    void operator()(redisReply* r) const {
        if (r != nullptr) freeReplyObject(r);
    }
};
using Reply = std::unique_ptr<redisReply, ReplyDeleter>;

struct ContextDeleter {
    void operator()(redisContext* c) const {
        if (c != nullptr) redisFree(c);
    }
};
using Context = std::unique_ptr<redisContext, ContextDeleter>;

Context Connect(int port) {
    timeval tv{5, 0};
    Context c(redisConnectWithTimeout("127.0.0.1", port, tv));
    if (c && c->err == 0) redisSetTimeout(c.get(), timeval{30, 0});
    return c;
}

// One server process, started by fork/exec and stopped by pid.
class ServerProcess {
public:
    bool Start() {
        char tmpl[] = "/tmp/cairn-hiredis-XXXXXX";
        if (::mkdtemp(tmpl) == nullptr) return false;
        dir_ = tmpl;
        log_path_ = dir_ + "/server.log";
        for (int attempt = 0; attempt < 5; ++attempt) {
            port_ = FreePort();
            if (port_ <= 0) return false;
            if (!Spawn()) return false;
            if (WaitReady(10s)) return true;
            bool exited = exited_;
            Stop();
            if (!(exited && Log().find("in use") != std::string::npos)) break;
        }
        return false;
    }

    int Stop() {
        if (pid_ <= 0) return exit_status_;
        if (!exited_) {
            ::kill(pid_, SIGTERM);
            if (!WaitExit(10s)) {
                ::kill(pid_, SIGKILL);
                WaitExit(10s);
            }
        }
        pid_ = -1;
        return exit_status_;
    }

    void Cleanup() {
        Stop();
        if (!dir_.empty()) {
            std::error_code ec;
            std::filesystem::remove_all(dir_, ec);
        }
    }

    std::string Log() const {
        std::ifstream in(log_path_, std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        return ss.str();
    }

    bool Alive() {
        Reap();
        return pid_ > 0 && !exited_;
    }

    int port() const { return port_; }

private:
    bool Spawn() {
        exited_ = false;
        const std::string port = std::to_string(port_);
        std::vector<std::string> args = {
            g_server_binary, "--port", port,    "--bind", "127.0.0.1",   "--save", "",
            "--appendonly",  "no",     "--dir", dir_,     "--daemonize", "no"};
        pid_ = ::fork();
        if (pid_ < 0) return false;
        if (pid_ == 0) {
#ifdef __linux__
            // If this test program dies without its teardown, the server goes with it.
            ::prctl(PR_SET_PDEATHSIG, SIGTERM);
#endif
            int fd = ::open(log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
            if (fd >= 0) {
                ::dup2(fd, STDOUT_FILENO);
                ::dup2(fd, STDERR_FILENO);
                ::close(fd);
            }
            int devnull = ::open("/dev/null", O_RDONLY);
            if (devnull >= 0) ::dup2(devnull, STDIN_FILENO);
            if (::chdir(dir_.c_str()) != 0) _exit(126);
            std::vector<char*> argv;
            for (auto& a : args) argv.push_back(a.data());
            argv.push_back(nullptr);
            ::execv(argv[0], argv.data());
            _exit(127);
        }
        return true;
    }

    void Reap() {
        if (pid_ <= 0 || exited_) return;
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            exited_ = true;
            exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        }
    }

    bool WaitExit(std::chrono::milliseconds timeout) {
        const auto deadline = Clock::now() + timeout;
        while (Clock::now() < deadline) {
            Reap();
            if (exited_) return true;
            std::this_thread::sleep_for(10ms);
        }
        return false;
    }

    bool WaitReady(std::chrono::milliseconds timeout) {
        const auto deadline = Clock::now() + timeout;
        while (Clock::now() < deadline) {
            Reap();
            if (exited_) return false;
            timeval tv{0, 500000};
            Context c(redisConnectWithTimeout("127.0.0.1", port_, tv));
            if (c && c->err == 0) {
                redisSetTimeout(c.get(), tv);
                Reply r(static_cast<redisReply*>(redisCommand(c.get(), "PING")));
                if (r && r->type == REDIS_REPLY_STATUS && std::string(r->str) == "PONG")
                    return true;
            }
            std::this_thread::sleep_for(50ms);
        }
        return false;
    }

    std::string dir_;
    std::string log_path_;
    int port_ = -1;
    pid_t pid_ = -1;
    bool exited_ = false;
    int exit_status_ = -1;
};

ServerProcess* g_server = nullptr;

class ServerEnvironment : public ::testing::Environment {
public:
    void SetUp() override {
        g_server = new ServerProcess();
        ASSERT_TRUE(g_server->Start())
            << g_server_binary << " did not become ready\n--- server log ---\n"
            << g_server->Log();
    }
    void TearDown() override {
        const bool crashed = !g_server->Alive();
        g_server->Stop();
        if (crashed || ::testing::UnitTest::GetInstance()->failed_test_count() > 0) {
            std::cerr << "--- server log (port " << g_server->port()
                      << (crashed ? ", exited early" : "") << ") ---\n"
                      << g_server->Log() << std::endl;
        }
        g_server->Cleanup();
        delete g_server;
        g_server = nullptr;
    }
};

class Hiredis : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_NE(g_server, nullptr);
        c_ = Connect(g_server->port());
        ASSERT_TRUE(c_ && c_->err == 0) << (c_ ? c_->errstr : "allocation failed");
        Reply r = Cmd("FLUSHALL");
        ASSERT_TRUE(r && r->type == REDIS_REPLY_STATUS);
    }

    template <typename... Args>
    Reply Cmd(const char* format, Args... args) {
        return Reply(static_cast<redisReply*>(redisCommand(c_.get(), format, args...)));
    }

    Reply GetReply() {
        void* reply = nullptr;
        if (redisGetReply(c_.get(), &reply) != REDIS_OK) return nullptr;
        return Reply(static_cast<redisReply*>(reply));
    }

    static std::string Str(const redisReply* r) { return std::string(r->str, r->len); }

    static std::string Describe(const redisReply* r) {
        std::ostringstream out;
        out << "reply type " << r->type;
        if (r->type == REDIS_REPLY_STRING || r->type == REDIS_REPLY_STATUS ||
            r->type == REDIS_REPLY_ERROR) {
            out << " '" << Str(r) << "'";
        } else if (r->type == REDIS_REPLY_INTEGER) {
            out << " " << r->integer;
        } else if (r->type == REDIS_REPLY_ARRAY) {
            out << " with " << r->elements << " elements";
        }
        return out.str();
    }

    Context c_;
};

// Each macro evaluates its reply expression exactly once (it may be GetReply()).
#define EXPECT_REPLY(expr, reply_type, field, expected)                \
    do {                                                               \
        const Reply& reply_ = (expr);                                  \
        ASSERT_TRUE(reply_) << "no reply: " << c_->errstr;             \
        ASSERT_EQ(reply_->type, reply_type) << Describe(reply_.get()); \
        EXPECT_EQ(field, expected);                                    \
    } while (0)

#define EXPECT_STATUS(expr, text) EXPECT_REPLY(expr, REDIS_REPLY_STATUS, Str(reply_.get()), text)
#define EXPECT_BULK(expr, text) EXPECT_REPLY(expr, REDIS_REPLY_STRING, Str(reply_.get()), text)
#define EXPECT_INT(expr, value) EXPECT_REPLY(expr, REDIS_REPLY_INTEGER, reply_->integer, value)
#define EXPECT_ERROR(expr, text) EXPECT_REPLY(expr, REDIS_REPLY_ERROR, Str(reply_.get()), text)

TEST_F(Hiredis, Ping) {
    EXPECT_STATUS(Cmd("PING"), "PONG");
    EXPECT_BULK(Cmd("PING %s", "hello"), "hello");
    EXPECT_BULK(Cmd("ECHO %s", "with spaces in one argument"), "with spaces in one argument");
}

TEST_F(Hiredis, SetGetNil) {
    EXPECT_STATUS(Cmd("SET %s %s", "foo", "hello world"), "OK");
    EXPECT_BULK(Cmd("GET foo"), "hello world");
    Reply nil = Cmd("GET %s", "missing");
    ASSERT_TRUE(nil);
    EXPECT_EQ(nil->type, REDIS_REPLY_NIL);
    Reply nx = Cmd("SET foo bar NX");
    ASSERT_TRUE(nx);
    EXPECT_EQ(nx->type, REDIS_REPLY_NIL);
    EXPECT_BULK(Cmd("SET foo bar GET"), "hello world");
}

TEST_F(Hiredis, IntegerReplies) {
    EXPECT_INT(Cmd("INCR counter"), 1);
    EXPECT_INT(Cmd("INCRBY counter %d", 41), 42);
    EXPECT_INT(Cmd("INCRBY counter %lld", -9223372036854775807LL), -9223372036854775765LL);
    EXPECT_INT(Cmd("EXISTS counter nosuch counter"), 2);
    EXPECT_INT(Cmd("TTL nosuch"), -2);
    EXPECT_BULK(Cmd("INCRBYFLOAT f %s", "1.5"), "1.5");
}

TEST_F(Hiredis, BinarySafeArguments) {
    const std::string key("bin\0key\r\n", 9);
    std::string value;
    for (int i = 0; i < 256; ++i) value.push_back(static_cast<char>(i));
    EXPECT_STATUS(Cmd("SET %b %b", key.data(), key.size(), value.data(), value.size()), "OK");
    Reply r = Cmd("GET %b", key.data(), key.size());
    ASSERT_TRUE(r);
    ASSERT_EQ(r->type, REDIS_REPLY_STRING);
    ASSERT_EQ(r->len, value.size());
    EXPECT_EQ(std::memcmp(r->str, value.data(), value.size()), 0);
    EXPECT_INT(Cmd("STRLEN %b", key.data(), key.size()), 256);
    Reply keys = Cmd("KEYS *");
    ASSERT_TRUE(keys);
    ASSERT_EQ(keys->type, REDIS_REPLY_ARRAY);
    ASSERT_EQ(keys->elements, 1u);
    EXPECT_EQ(Str(keys->element[0]), key);
    // An empty binary argument is a valid, empty value.
    EXPECT_STATUS(Cmd("SET empty %b", "", static_cast<size_t>(0)), "OK");
    EXPECT_BULK(Cmd("GET empty"), "");
}

TEST_F(Hiredis, ArgvInterface) {
    const char* argv[] = {"MSET", "a", "1", "b\0x", ""};
    const size_t argvlen[] = {4, 1, 1, 3, 0};
    Reply r(static_cast<redisReply*>(redisCommandArgv(c_.get(), 5, argv, argvlen)));
    EXPECT_STATUS(r, "OK");
    Reply m = Cmd("MGET a %b nosuch", "b\0x", static_cast<size_t>(3));
    ASSERT_TRUE(m);
    ASSERT_EQ(m->type, REDIS_REPLY_ARRAY);
    ASSERT_EQ(m->elements, 3u);
    EXPECT_EQ(Str(m->element[0]), "1");
    EXPECT_EQ(m->element[1]->type, REDIS_REPLY_STRING);
    EXPECT_EQ(m->element[1]->len, 0u);
    EXPECT_EQ(m->element[2]->type, REDIS_REPLY_NIL);
}

TEST_F(Hiredis, ErrorRepliesKeepConnectionUsable) {
    EXPECT_ERROR(Cmd("GET"), "ERR wrong number of arguments for 'get' command");
    EXPECT_ERROR(Cmd("NOSUCHCMD a b"),
                 "ERR unknown command 'NOSUCHCMD', with args beginning with: 'a' 'b' ");
    EXPECT_STATUS(Cmd("SET s text"), "OK");
    EXPECT_ERROR(Cmd("INCR s"), "ERR value is not an integer or out of range");
    EXPECT_ERROR(Cmd("SET k v EX %d", 0), "ERR invalid expire time in 'set' command");
    EXPECT_EQ(c_->err, 0);
    EXPECT_STATUS(Cmd("PING"), "PONG");
}

TEST_F(Hiredis, PipelineTenThousand) {
    constexpr int kN = 10000;
    for (int i = 0; i < kN; ++i) {
        ASSERT_EQ(redisAppendCommand(c_.get(), "SET key:%d %d", i, i), REDIS_OK);
    }
    for (int i = 0; i < kN; ++i) {
        Reply r = GetReply();
        ASSERT_TRUE(r) << "reply " << i << ": " << c_->errstr;
        ASSERT_EQ(r->type, REDIS_REPLY_STATUS);
    }
    for (int i = 0; i < kN; ++i) {
        redisAppendCommand(c_.get(), "GET key:%d", i);
        redisAppendCommand(c_.get(), "INCR counter");
    }
    for (int i = 0; i < kN; ++i) {
        Reply get = GetReply();
        ASSERT_TRUE(get);
        ASSERT_EQ(get->type, REDIS_REPLY_STRING);
        ASSERT_EQ(Str(get.get()), std::to_string(i));
        Reply incr = GetReply();
        ASSERT_TRUE(incr);
        ASSERT_EQ(incr->type, REDIS_REPLY_INTEGER);
        ASSERT_EQ(incr->integer, i + 1);
    }
    EXPECT_INT(Cmd("DBSIZE"), kN + 1);
}

TEST_F(Hiredis, PipelineWithErrorsInOrder) {
    redisAppendCommand(c_.get(), "SET a 1");
    redisAppendCommand(c_.get(), "GET");
    redisAppendCommand(c_.get(), "INCR a");
    redisAppendCommand(c_.get(), "SELECT 99");
    redisAppendCommand(c_.get(), "GET a");
    EXPECT_STATUS(GetReply(), "OK");
    EXPECT_ERROR(GetReply(), "ERR wrong number of arguments for 'get' command");
    EXPECT_INT(GetReply(), 2);
    EXPECT_ERROR(GetReply(), "ERR DB index is out of range");
    EXPECT_BULK(GetReply(), "2");
}

TEST_F(Hiredis, LargeValues) {
    for (size_t size : {size_t{1} << 20, size_t{10} << 20}) {
        std::string value(size, '\0');
        for (size_t i = 0; i < size; ++i) value[i] = static_cast<char>((i * 131) & 0xff);
        EXPECT_STATUS(Cmd("SET big %b", value.data(), value.size()), "OK");
        Reply r = Cmd("GET big");
        ASSERT_TRUE(r) << c_->errstr;
        ASSERT_EQ(r->type, REDIS_REPLY_STRING);
        ASSERT_EQ(r->len, size);
        EXPECT_EQ(std::memcmp(r->str, value.data(), size), 0);
    }
}

TEST_F(Hiredis, NestedArrays) {
    Reply info = Cmd("COMMAND INFO get");
    ASSERT_TRUE(info);
    ASSERT_EQ(info->type, REDIS_REPLY_ARRAY);
    ASSERT_EQ(info->elements, 1u);
    const redisReply* get = info->element[0];
    ASSERT_EQ(get->type, REDIS_REPLY_ARRAY);
    ASSERT_EQ(get->elements, 10u);
    EXPECT_EQ(Str(get->element[0]), "get");
    EXPECT_EQ(get->element[1]->integer, 2);
    EXPECT_EQ(get->element[3]->integer, 1);

    for (int i = 0; i < 30; ++i) Cmd("SET scan:%d x", i);
    int found = 0;
    std::string cursor = "0";
    for (int calls = 0; calls < 1000; ++calls) {
        Reply r = Cmd("SCAN %s COUNT 7", cursor.c_str());
        ASSERT_TRUE(r);
        ASSERT_EQ(r->type, REDIS_REPLY_ARRAY);
        ASSERT_EQ(r->elements, 2u);
        ASSERT_EQ(r->element[0]->type, REDIS_REPLY_STRING);
        ASSERT_EQ(r->element[1]->type, REDIS_REPLY_ARRAY);
        found += static_cast<int>(r->element[1]->elements);
        cursor = Str(r->element[0]);
        if (cursor == "0") break;
    }
    EXPECT_EQ(cursor, "0");
    EXPECT_EQ(found, 30);
}

TEST_F(Hiredis, SelectIsPerConnection) {
    EXPECT_STATUS(Cmd("SELECT 1"), "OK");
    EXPECT_STATUS(Cmd("SET where one"), "OK");
    Context other = Connect(g_server->port());
    ASSERT_TRUE(other && other->err == 0);
    Reply r(static_cast<redisReply*>(redisCommand(other.get(), "GET where")));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->type, REDIS_REPLY_NIL);
}

TEST_F(Hiredis, QuitThenEof) {
    EXPECT_STATUS(Cmd("QUIT"), "OK");
    // Nothing else was sent: the next read must see the server's orderly close.
    EXPECT_FALSE(GetReply());
    EXPECT_EQ(c_->err, REDIS_ERR_EOF) << c_->errstr;
}

TEST_F(Hiredis, ServerProtocolErrorThenEof) {
    const char bad[] = "*1\r\n$abc\r\n";
    ASSERT_EQ(redisAppendFormattedCommand(c_.get(), bad, sizeof(bad) - 1), REDIS_OK);
    EXPECT_ERROR(GetReply(), "ERR Protocol error: invalid bulk length");
    EXPECT_FALSE(GetReply());
    EXPECT_EQ(c_->err, REDIS_ERR_EOF) << c_->errstr;
    // Other connections are unaffected.
    Context other = Connect(g_server->port());
    ASSERT_TRUE(other && other->err == 0);
    Reply pong(static_cast<redisReply*>(redisCommand(other.get(), "PING")));
    ASSERT_TRUE(pong);
    EXPECT_EQ(Str(pong.get()), "PONG");
}

TEST_F(Hiredis, ManyShortConnections) {
    for (int i = 0; i < 200; ++i) {
        Context c = Connect(g_server->port());
        ASSERT_TRUE(c && c->err == 0);
        Reply r(static_cast<redisReply*>(redisCommand(c.get(), "INCR short")));
        ASSERT_TRUE(r);
        ASSERT_EQ(r->integer, i + 1);
    }
}

}  // namespace

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    if (argc > 1) {
        g_server_binary = argv[1];
    } else if (const char* env = std::getenv("CAIRN_SERVER"); env != nullptr && *env != '\0') {
        g_server_binary = env;
    } else {
        g_server_binary = "/usr/bin/redis-server";
    }
    ::signal(SIGPIPE, SIG_IGN);
    ::testing::AddGlobalTestEnvironment(new ServerEnvironment());
    return RUN_ALL_TESTS();
}
