#include <climits>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "config/config.hpp"
#include "tests/unit/temp_dir.hpp"

namespace cairn::config {
namespace {

namespace fs = std::filesystem;

// A fresh temporary directory per test that writes files; removed afterwards.
class TempDir : public test::TempDir {
public:
    TempDir() : test::TempDir("cairn-config-") {}
    std::string write(const std::string& name, const std::string& text) const {
        std::string p = file(name);
        std::ofstream(p, std::ios::binary) << text;
        return p;
    }
};

// Changes the working directory for one test.
class ScopedCwd {
public:
    explicit ScopedCwd(const std::string& dir) : old_(fs::current_path()) { fs::current_path(dir); }
    ~ScopedCwd() { fs::current_path(old_); }

private:
    fs::path old_;
};

LoadError load_error(const std::string& text) {
    Config cfg;
    LoadError err;
    EXPECT_FALSE(load_string(cfg, text, "test.conf", err)) << text;
    return err;
}

void expect_error(const std::string& text, int line, const std::string& line_text,
                  const std::string& reason) {
    LoadError err = load_error(text);
    EXPECT_EQ(err.file, "test.conf") << text;
    EXPECT_EQ(err.line, line) << text;
    EXPECT_EQ(err.line_text, line_text) << text;
    EXPECT_EQ(err.reason, reason) << text;
    EXPECT_FALSE(err.open_failed);
}

Config parse(const std::string& text) {
    Config cfg;
    LoadError err;
    EXPECT_TRUE(load_string(cfg, text, "test.conf", err)) << err.reason << " at " << err.line;
    return cfg;
}

TEST(ConfigFile, EveryKindOfDirective) {
    Config cfg = parse(
        "bind 10.0.0.1 -::1\n"
        "port 7000\n"
        "protected-mode no\n"
        "unixsocketperm 700\n"
        "loglevel WARNING\n"
        "maxmemory 2mb\n"
        "client-query-buffer-limit 64MB\n"
        "requirepass secret\n"
        "save 900 1\n"
        "client-output-buffer-limit pubsub 1mb 512kb 30\n"
        "notify-keyspace-events Ex\n"
        "hz 100\n"
        "slowlog-log-slower-than -1\n");
    EXPECT_EQ(cfg.bind, (std::vector<std::string>{"10.0.0.1", "-::1"}));
    EXPECT_EQ(cfg.port, 7000);
    EXPECT_FALSE(cfg.protected_mode);
    EXPECT_EQ(cfg.unixsocketperm, 0700);
    EXPECT_EQ(cfg.loglevel, "warning");
    EXPECT_EQ(cfg.maxmemory, 2 * 1024 * 1024);
    EXPECT_EQ(cfg.client_query_buffer_limit, 64LL * 1024 * 1024);
    EXPECT_EQ(cfg.requirepass, "secret");
    EXPECT_EQ(cfg.save, "900 1");
    EXPECT_EQ(cfg.client_output_buffer_limit,
              "normal 0 0 0 slave 268435456 67108864 60 pubsub 1048576 524288 30");
    EXPECT_EQ(cfg.notify_keyspace_events, "xE");
    EXPECT_EQ(cfg.hz, 100);
    EXPECT_EQ(cfg.slowlog_log_slower_than, -1);
}

TEST(ConfigFile, CommentsBlankLinesWhitespaceAndCase) {
    Config cfg = parse(
        "# a comment\n"
        "\n"
        "   \t\n"
        "   # indented comment\n"
        "  PORT\t7001 \r\n"
        "TimeOut 5\r\n"
        "\v\n");  // splits to nothing: skipped
    EXPECT_EQ(cfg.port, 7001);
    EXPECT_EQ(cfg.timeout, 5);
}

TEST(ConfigFile, LaterLinesWin) {
    Config cfg = parse("port 1\nport 2\n");
    EXPECT_EQ(cfg.port, 2);
}

TEST(ConfigFile, QuotesAndEscapes) {
    EXPECT_EQ(parse("requirepass \"a b\\x41\\n\"\n").requirepass, "a bA\n");
    EXPECT_EQ(parse("requirepass 'it\\'s'\n").requirepass, "it's");
    EXPECT_EQ(parse("requirepass 'no\\nescape'\n").requirepass, "no\\nescape");
    EXPECT_EQ(parse("logfile \"\"\n").logfile, "");
    EXPECT_EQ(parse("port \"6380\"\n").port, 6380);
    EXPECT_EQ(parse("dir \"/tmp/with space\"\n").dir, "/tmp/with space");
}

TEST(ConfigFile, MultiWordValueInOneQuotedWord) {
    Config cfg = parse("bind \"127.0.0.1 ::1\"\nsave \"100 1 200 2\"\n");
    EXPECT_EQ(cfg.bind, (std::vector<std::string>{"127.0.0.1", "::1"}));
    EXPECT_EQ(cfg.save, "100 1 200 2");
    cfg = parse("client-output-buffer-limit \"normal 1 2 3\"\n");
    EXPECT_EQ(cfg.client_output_buffer_limit,
              "normal 1 2 3 slave 268435456 67108864 60 pubsub 33554432 8388608 60");
}

TEST(ConfigFile, SaveLinesAppend) {
    // As redis-server 7.0.15: the first save line replaces the defaults, later ones append,
    // save "" clears what came before.
    EXPECT_EQ(parse("save 100 1\nsave 200 2\n").save, "100 1 200 2");
    EXPECT_EQ(parse("save 100 1\nsave \"\"\nsave 200 2\n").save, "200 2");
    EXPECT_EQ(parse("save 100 1\nsave \"\"\n").save, "");
    EXPECT_EQ(parse("save \"\"\n").save, "");
    EXPECT_EQ(parse("port 1\n").save, "3600 1 300 100 60 10000");
    Config cfg = parse("save 100 1 200 2\nsave 300 3\n");
    EXPECT_EQ(cfg.save_params, (std::vector<SaveParam>{{100, 1}, {200, 2}, {300, 3}}));
    // Each load starts over.
    LoadError err;
    ASSERT_TRUE(load_string(cfg, "save 5 5\n", "x", err));
    EXPECT_EQ(cfg.save, "5 5");
}

TEST(ConfigFile, BindWithoutArguments) {
    EXPECT_TRUE(parse("bind\n").bind.empty());
    EXPECT_TRUE(parse("bind \"\"\n").bind.empty());
}

TEST(ConfigFile, DeprecatedDirectivesAreIgnored) {
    Config cfg = parse("list-max-ziplist-entries 512\nlua-replicate-commands yes\nport 9\n");
    EXPECT_EQ(cfg.port, 9);
    expect_error("list-max-ziplist-value\n", 1, "list-max-ziplist-value",
                 "Bad directive or wrong number of arguments");
}

// Error texts as redis-server 7.0.15 prints them for the same lines.
TEST(ConfigFile, ErrorTexts) {
    expect_error("bogus 1\n", 1, "bogus 1", "Bad directive or wrong number of arguments");
    expect_error("# c\n\n  port 1 2\n", 3, "port 1 2", "wrong number of arguments");
    expect_error("port\n", 1, "port", "wrong number of arguments");
    expect_error("port \"1\n", 1, "port \"1", "Unbalanced quotes in configuration line");
    expect_error("port \"1\"x\n", 1, "port \"1\"x", "Unbalanced quotes in configuration line");
    expect_error("port 'abc\n", 1, "port 'abc", "Unbalanced quotes in configuration line");
    expect_error("port abc\n", 1, "port abc", "argument couldn't be parsed into an integer");
    expect_error("port 'abc'\n", 1, "port 'abc'", "argument couldn't be parsed into an integer");
    expect_error("\nport 70000\n", 2, "port 70000",
                 "argument must be between 0 and 65535 inclusive");
    expect_error("protected-mode maybe\n", 1, "protected-mode maybe",
                 "argument must be 'yes' or 'no'");
    expect_error("maxmemory 1x\n", 1, "maxmemory 1x", "argument must be a memory value");
    expect_error("loglevel foo\n", 1, "loglevel foo",
                 "argument(s) must be one of the following: debug, verbose, notice, warning");
    expect_error("supervised foo\n", 1, "supervised foo",
                 "argument(s) must be one of the following: upstart, systemd, auto, no");
    expect_error("unixsocketperm 999\n", 1, "unixsocketperm 999",
                 "argument couldn't be parsed as an octal number");
    expect_error("unixsocketperm 1777\n", 1, "unixsocketperm 1777",
                 "argument must be between 0 and 777 inclusive");
    expect_error("save 1\n", 1, "save 1", "Invalid save parameters");
    expect_error("notify-keyspace-events Q\n", 1, "notify-keyspace-events Q",
                 "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
    expect_error("client-output-buffer-limit normal 1 1\n", 1,
                 "client-output-buffer-limit normal 1 1",
                 "Wrong number of arguments in buffer limit configuration.");
    expect_error("appendfilename \"\"\n", 1, "appendfilename \"\"",
                 "appendfilename can't be empty");
    expect_error("dbfilename a/b\n", 1, "dbfilename a/b",
                 "dbfilename can't be a path, just a filename");
    expect_error("client-query-buffer-limit 99999999999999999999999\n", 1,
                 "client-query-buffer-limit 99999999999999999999999",
                 "argument must be between 1048576 and 9223372036854775807 inclusive");
    expect_error("include\n", 1, "include", "Bad directive or wrong number of arguments");
    expect_error("include a b\n", 1, "include a b", "Bad directive or wrong number of arguments");
}

TEST(ConfigFile, ErrorLineIsTrimmedAndKeepsItsCase) {
    expect_error("port 1\n\t  PORT  abc \r\n", 2, "PORT  abc",
                 "argument couldn't be parsed into an integer");
}

TEST(ConfigFile, ErrorLeavesEarlierLinesApplied) {
    Config cfg;
    LoadError err;
    EXPECT_FALSE(load_string(cfg, "port 5\nbogus\nport 6\n", "f", err));
    EXPECT_EQ(cfg.port, 5);
}

TEST(ConfigFile, Include) {
    TempDir dir;
    std::string inner = dir.write("inner.conf", "hz 33\nport 1234\n");
    std::string outer = dir.write("outer.conf", "port 1\ninclude " + inner + "\ntimeout 9\n");
    Config cfg;
    LoadError err;
    ASSERT_TRUE(load(cfg, outer, {}, err)) << err.reason;
    EXPECT_EQ(cfg.hz, 33);
    EXPECT_EQ(cfg.port, 1234);
    EXPECT_EQ(cfg.timeout, 9);
}

TEST(ConfigFile, NestedIncludeErrorNamesTheIncludedFile) {
    TempDir dir;
    // Forward slashes: a quoted word treats backslashes (Windows separators) as escapes.
    std::string deep = fs::path(dir.write("deep.conf", "\n\nbogus 1\n")).generic_string();
    std::string mid = dir.write("mid.conf", "include \"" + deep + "\"\n");
    Config cfg;
    LoadError err;
    ASSERT_FALSE(load_string(cfg, "port 2\ninclude " + mid + "\n", "main.conf", err));
    EXPECT_EQ(err.file, deep);
    EXPECT_EQ(err.line, 3);
    EXPECT_EQ(err.line_text, "bogus 1");
    EXPECT_EQ(err.reason, "Bad directive or wrong number of arguments");
}

TEST(ConfigFile, IncludeRelativeToWorkingDirectory) {
    TempDir dir;
    dir.write("rel.conf", "port 4321\n");
    ScopedCwd cwd(dir.path());
    Config cfg;
    LoadError err;
    ASSERT_TRUE(load_string(cfg, "include rel.conf\n", "x", err)) << err.reason;
    EXPECT_EQ(cfg.port, 4321);
}

TEST(ConfigFile, IncludeGlob) {
    TempDir dir;
    dir.write("a1.conf", "hz 44\n");
    dir.write("a2.conf", "hz 45\n");
    Config cfg;
    LoadError err;
    ASSERT_TRUE(load_string(
        cfg, "include " + dir.path() + "/a*.conf\ninclude " + dir.path() + "/nothing*.conf\n", "x",
        err))
        << err.reason;
    EXPECT_EQ(cfg.hz, 45);  // matches read in sorted order; no match is not an error
}

TEST(ConfigFile, IncludeMissingFile) {
    Config cfg;
    LoadError err;
    ASSERT_FALSE(load_string(cfg, "include /nonexistent/cairn.conf\n", "x", err));
    EXPECT_TRUE(err.open_failed);
    EXPECT_EQ(err.reason,
              "Fatal error, can't open config file '/nonexistent/cairn.conf': No such file or "
              "directory");
    EXPECT_EQ(format_fatal(err),
              "Fatal error, can't open config file '/nonexistent/cairn.conf': No such file or "
              "directory\n");
}

TEST(ConfigFile, SelfIncludeStops) {
    TempDir dir;
    std::string self = dir.path() + "/self.conf";
    dir.write("self.conf", "include " + self + "\n");
    Config cfg;
    LoadError err;
    ASSERT_FALSE(load(cfg, self, {}, err));
    EXPECT_EQ(err.reason, "Too many nested includes");
    EXPECT_EQ(err.file, self);
}

TEST(ConfigFileLoad, MissingMainFile) {
    Config cfg;
    LoadError err;
    ASSERT_FALSE(load(cfg, "/nonexistent/main.conf", {}, err));
    EXPECT_TRUE(err.open_failed);
    EXPECT_EQ(err.reason,
              "Fatal error, can't open config file '/nonexistent/main.conf': No such file or "
              "directory");
}

TEST(ConfigFileLoad, OverridesOnly) {
    Config cfg;
    LoadError err;
    ASSERT_TRUE(load(cfg, "", {"--port", "7000", "--bind", "127.0.0.1", "::1", "--save", ""}, err))
        << err.reason;
    EXPECT_EQ(cfg.port, 7000);
    EXPECT_EQ(cfg.bind, (std::vector<std::string>{"127.0.0.1", "::1"}));
    EXPECT_EQ(cfg.save, "");
    EXPECT_TRUE(cfg.save_params.empty());
}

TEST(ConfigFileLoad, OverridesAfterFile) {
    TempDir dir;
    std::string file = dir.write("f.conf", "port 1\nsave 200 2\nhz 20\n");
    Config cfg;
    LoadError err;
    ASSERT_TRUE(load(cfg, file, {"--port", "2", "--save", "5 6", "--maxmemory 1mb"}, err))
        << err.reason;
    EXPECT_EQ(cfg.port, 2);
    EXPECT_EQ(cfg.hz, 20);
    EXPECT_EQ(cfg.save, "200 2 5 6");  // save lines append across file and command line
    EXPECT_EQ(cfg.maxmemory, 1024 * 1024);
}

TEST(ConfigFileLoad, SaveFlagAloneDisablesSnapshots) {
    Config cfg;
    LoadError err;
    ASSERT_TRUE(load(cfg, "", {"--save", "--port", "9"}, err)) << err.reason;
    EXPECT_EQ(cfg.save, "");
    EXPECT_EQ(cfg.port, 9);
}

// Line numbers and texts as redis-server 7.0.15 prints for the same command lines.
TEST(ConfigFileLoad, OverrideErrorsUseRedisLineNumbers) {
    Config cfg;
    LoadError err;
    ASSERT_FALSE(load(cfg, "", {"--port", "abc"}, err));
    EXPECT_EQ(err.file, "");
    EXPECT_EQ(err.line, 2);
    EXPECT_EQ(err.line_text, "port \"abc\"");
    EXPECT_EQ(err.reason, "argument couldn't be parsed into an integer");

    ASSERT_FALSE(load(cfg, "", {"--port", "7312", "--daemonize"}, err));
    EXPECT_EQ(err.line, 3);
    EXPECT_EQ(err.line_text, "daemonize");
    EXPECT_EQ(err.reason, "wrong number of arguments");

    ASSERT_FALSE(load(cfg, "", {"--foo", "bar"}, err));
    EXPECT_EQ(err.line_text, "foo \"bar\"");
    EXPECT_EQ(err.reason, "Bad directive or wrong number of arguments");

    TempDir dir;
    std::string with_newline = dir.write("a.conf", "port 1\n");
    ASSERT_FALSE(load(cfg, with_newline, {"--port", "abc"}, err));
    EXPECT_EQ(err.file, "");
    EXPECT_EQ(err.line, 3);
    std::string without_newline = dir.write("b.conf", "port 1");
    ASSERT_FALSE(load(cfg, without_newline, {"--port", "abc"}, err));
    EXPECT_EQ(err.line, 2);
    std::string bad_seven = dir.write("d.conf", "hz 5\n#\n#\n#\n#\n#\n#\n");
    ASSERT_FALSE(load(cfg, bad_seven, {"--hz", "--save"}, err));
    EXPECT_EQ(err.line, 9);
    EXPECT_EQ(err.line_text, "hz \"--save\"");
}

TEST(ConfigFileLoad, FileErrorNamesTheFile) {
    TempDir dir;
    std::string file = dir.write("bad.conf", "port 1\nport x\n");
    Config cfg;
    LoadError err;
    ASSERT_FALSE(load(cfg, file, {"--port", "5"}, err));
    EXPECT_EQ(err.file, file);
    EXPECT_EQ(err.line, 2);
}

TEST(FormatFatal, ExactText) {
    LoadError err;
    err.file = "/etc/cairn.conf";
    err.line = 3;
    err.line_text = "port 1 2";
    err.reason = "wrong number of arguments";
    EXPECT_EQ(format_fatal(err),
              "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\n"
              "File: /etc/cairn.conf\n"
              "Reading the configuration file, at line 3\n"
              ">>> 'port 1 2'\n"
              "wrong number of arguments\n");
}

TEST(FormatFatal, CommandLineIsExactlyRedis) {
    Config cfg;
    LoadError err;
    ASSERT_FALSE(load(cfg, "", {"--port", "abc"}, err));
    // Byte for byte what `redis-server --port abc` writes to stderr.
    EXPECT_EQ(format_fatal(err),
              "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\n"
              "Reading the configuration file, at line 2\n"
              ">>> 'port \"abc\"'\n"
              "argument couldn't be parsed into an integer\n");
}

TEST(FormatFatal, WithoutLine) {
    LoadError err;
    err.reason = "Can't open the log file: Permission denied";
    EXPECT_EQ(format_fatal(err),
              "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\n"
              "Can't open the log file: Permission denied\n");
}

class DirHost : public ConfigHost {
public:
    bool apply(Apply what, std::string& err) override {
        calls.push_back(what);
        if (fail) {
            err = "No such file or directory";
            return false;
        }
        return true;
    }
    std::vector<Apply> calls;
    bool fail = false;
};

TEST(ConfigFileLoad, HostAppliesDirWhileReading) {
    DirHost host;
    Config cfg;
    LoadError err;
    ASSERT_TRUE(load(cfg, "", {"--dir", "/tmp", "--port", "1"}, err, &host)) << err.reason;
    EXPECT_EQ(host.calls, (std::vector<Apply>{Apply::Dir}));
    EXPECT_EQ(cfg.dir, "/tmp");

    host.fail = true;
    ASSERT_FALSE(load(cfg, "", {"--dir", "/nonexistent"}, err, &host));
    EXPECT_EQ(err.line, 2);
    EXPECT_EQ(err.line_text, "dir \"/nonexistent\"");
    EXPECT_EQ(err.reason, "No such file or directory");
}

TEST(ConfigFileLoad, ShippedConfigFile) {
    // conf/cairn.conf must load and listen on loopback port 6379.
    const std::string path = (fs::path(CAIRN_SOURCE_DIR) / "conf/cairn.conf").string();
    Config cfg;
    LoadError err;
    ASSERT_TRUE(load(cfg, path, {}, err)) << format_fatal(err);
    EXPECT_EQ(cfg.bind, (std::vector<std::string>{"127.0.0.1", "-::1"}));
    EXPECT_EQ(cfg.port, 6379);
    // Everything else is at Redis's defaults.
    const Config defaults;
    for (const Directive& d : directives()) {
        if (d.name == "bind") continue;
        EXPECT_EQ(d.get(cfg), d.get(defaults)) << d.name;
    }
}

}  // namespace
}  // namespace cairn::config
