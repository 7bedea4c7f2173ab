// The multi-part AOF manifest of Redis 7.0.15 (aof.c). The manifests of the Redis-named tests
// are what Debian's redis-server 7.0.15 wrote (captured from its appendonlydir while running
// the steps named, or right after starting on the input manifest), and every error (message,
// line, shown text) is what it logged when started on that manifest ("*** FATAL AOF MANIFEST
// FILE ERROR ***"). The other tests follow aof.c's code.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "persist/aof_manifest.hpp"

namespace cairn::persist {
namespace {

AofManifest parse_ok(const std::string& text) {
    AofManifest m;
    AofManifestError err;
    EXPECT_TRUE(parse_aof_manifest(text, m, err)) << err.message << " for " << text;
    return m;
}

// Redis's redis-server started with appendonly yes on an empty AOF directory.
constexpr const char* kStart =
    "file appendonly.aof.1.base.rdb seq 1 type b\n"
    "file appendonly.aof.1.incr.aof seq 1 type i\n";

// BGREWRITEAOF with appendonly yes: openNewIncrAofForAppend, then backgroundRewriteDoneHandler
// and aofDelHistoryFiles.
void rewrite(AofManifest& m, bool rdb_preamble, bool auto_gc_disabled,
             std::vector<std::string>* deleted = nullptr) {
    m.new_incr_file("appendonly.aof");
    m.new_base_file("appendonly.aof", rdb_preamble);
    m.mark_rewritten_incr_as_history(true);
    std::vector<std::string> names = m.take_history_for_deletion(auto_gc_disabled);
    if (deleted) *deleted = names;
}

TEST(AofManifest, ServerStartOnEmptyDirectory) {
    // aofOpenIfNeededOnServerStart: no base, no incr: a base, then the incr to append to.
    AofManifest m;
    EXPECT_EQ(m.new_base_file("appendonly.aof", true), "appendonly.aof.1.base.rdb");
    EXPECT_EQ(m.last_incr_file("appendonly.aof"), "appendonly.aof.1.incr.aof");
    EXPECT_TRUE(m.dirty);
    EXPECT_EQ(m.to_string(), kStart);

    AofManifest x;  // appendfilename x.aof, aof-use-rdb-preamble no
    x.new_base_file("x.aof", false);
    x.last_incr_file("x.aof");
    EXPECT_EQ(x.to_string(),
              "file x.aof.1.base.aof seq 1 type b\n"
              "file x.aof.1.incr.aof seq 1 type i\n");
}

TEST(AofManifest, ServerStartUpgradingAnOldAof) {
    // An appendonly.aof in dir (Redis < 7): aofUpgradePrepare, then the new incr file.
    AofManifest m;
    m.set_upgraded_base("appendonly.aof");
    EXPECT_EQ(m.curr_base_seq, 1);
    EXPECT_EQ(m.last_incr_file("appendonly.aof"), "appendonly.aof.1.incr.aof");
    EXPECT_EQ(m.to_string(),
              "file appendonly.aof seq 1 type b\n"
              "file appendonly.aof.1.incr.aof seq 1 type i\n");
}

TEST(AofManifest, ParsedFields) {
    AofManifest m = parse_ok(
        "file appendonly.aof.8.base.aof seq 8 type b\n"
        "file appendonly.aof.7.incr.aof seq 7 type h\n"
        "file appendonly.aof.8.incr.aof seq 8 type h\n"
        "file appendonly.aof.9.incr.aof seq 9 type h\n"
        "file appendonly.aof.7.base.aof seq 7 type h\n"
        "file appendonly.aof.10.incr.aof seq 10 type i\n");
    ASSERT_TRUE(m.base.has_value());
    EXPECT_EQ(*m.base, (AofInfo{"appendonly.aof.8.base.aof", 8, AofFileType::kBase}));
    ASSERT_EQ(m.history.size(), 4u);
    EXPECT_EQ(m.history[0], (AofInfo{"appendonly.aof.7.incr.aof", 7, AofFileType::kHistory}));
    EXPECT_EQ(m.history[3], (AofInfo{"appendonly.aof.7.base.aof", 7, AofFileType::kHistory}));
    ASSERT_EQ(m.incr.size(), 1u);
    EXPECT_EQ(m.incr[0], (AofInfo{"appendonly.aof.10.incr.aof", 10, AofFileType::kIncr}));
    EXPECT_EQ(m.curr_base_seq, 8);
    EXPECT_EQ(m.curr_incr_seq, 10);
    EXPECT_FALSE(m.dirty);
    EXPECT_EQ(m.base_and_incr_count(), 2u);
}

// One redis-server, started with appendonly yes on an empty directory, then driven through
// BGREWRITEAOF under several settings; each manifest it wrote round-trips byte for byte, and
// the operations Redis performs take each one to the next.
TEST(AofManifest, RewritesReplayRedis) {
    struct Step {
        const char* what;
        const char* manifest;
    };
    const Step steps[] = {
        {"start", kStart},
        {"bgrewriteaof",
         "file appendonly.aof.2.base.rdb seq 2 type b\n"
         "file appendonly.aof.2.incr.aof seq 2 type i\n"},
        {"bgrewriteaof",
         "file appendonly.aof.3.base.rdb seq 3 type b\n"
         "file appendonly.aof.3.incr.aof seq 3 type i\n"},
        {"aof-disable-auto-gc yes; bgrewriteaof",
         "file appendonly.aof.4.base.rdb seq 4 type b\n"
         "file appendonly.aof.3.incr.aof seq 3 type h\n"
         "file appendonly.aof.3.base.rdb seq 3 type h\n"
         "file appendonly.aof.4.incr.aof seq 4 type i\n"},
        {"bgrewriteaof",
         "file appendonly.aof.5.base.rdb seq 5 type b\n"
         "file appendonly.aof.4.incr.aof seq 4 type h\n"
         "file appendonly.aof.4.base.rdb seq 4 type h\n"
         "file appendonly.aof.3.incr.aof seq 3 type h\n"
         "file appendonly.aof.3.base.rdb seq 3 type h\n"
         "file appendonly.aof.5.incr.aof seq 5 type i\n"},
        {"aof-use-rdb-preamble no; bgrewriteaof",
         "file appendonly.aof.6.base.aof seq 6 type b\n"
         "file appendonly.aof.5.incr.aof seq 5 type h\n"
         "file appendonly.aof.5.base.rdb seq 5 type h\n"
         "file appendonly.aof.4.incr.aof seq 4 type h\n"
         "file appendonly.aof.4.base.rdb seq 4 type h\n"
         "file appendonly.aof.3.incr.aof seq 3 type h\n"
         "file appendonly.aof.3.base.rdb seq 3 type h\n"
         "file appendonly.aof.6.incr.aof seq 6 type i\n"},
        {"aof-disable-auto-gc no",
         "file appendonly.aof.6.base.aof seq 6 type b\n"
         "file appendonly.aof.6.incr.aof seq 6 type i\n"},
        {"bgrewriteaof",
         "file appendonly.aof.7.base.aof seq 7 type b\n"
         "file appendonly.aof.7.incr.aof seq 7 type i\n"},
        {"aof-disable-auto-gc yes; bgrewriteaof, child killed",
         "file appendonly.aof.7.base.aof seq 7 type b\n"
         "file appendonly.aof.7.incr.aof seq 7 type i\n"
         "file appendonly.aof.8.incr.aof seq 8 type i\n"},
        {"bgrewriteaof, child killed",
         "file appendonly.aof.7.base.aof seq 7 type b\n"
         "file appendonly.aof.7.incr.aof seq 7 type i\n"
         "file appendonly.aof.8.incr.aof seq 8 type i\n"
         "file appendonly.aof.9.incr.aof seq 9 type i\n"},
        {"bgrewriteaof",
         "file appendonly.aof.8.base.aof seq 8 type b\n"
         "file appendonly.aof.7.incr.aof seq 7 type h\n"
         "file appendonly.aof.8.incr.aof seq 8 type h\n"
         "file appendonly.aof.9.incr.aof seq 9 type h\n"
         "file appendonly.aof.7.base.aof seq 7 type h\n"
         "file appendonly.aof.10.incr.aof seq 10 type i\n"},
        {"aof-disable-auto-gc no",
         "file appendonly.aof.8.base.aof seq 8 type b\n"
         "file appendonly.aof.10.incr.aof seq 10 type i\n"},
        {"appendonly no; bgrewriteaof", "file appendonly.aof.9.base.aof seq 9 type b\n"},
        {"aof-disable-auto-gc yes; bgrewriteaof",
         "file appendonly.aof.10.base.aof seq 10 type b\n"
         "file appendonly.aof.9.base.aof seq 9 type h\n"},
        {"appendonly yes (a rewrite with a temporary incr file)",
         "file appendonly.aof.11.base.aof seq 11 type b\n"
         "file appendonly.aof.10.base.aof seq 10 type h\n"
         "file appendonly.aof.9.base.aof seq 9 type h\n"
         "file appendonly.aof.11.incr.aof seq 11 type i\n"},
        {"bgrewriteaof",
         "file appendonly.aof.12.base.aof seq 12 type b\n"
         "file appendonly.aof.11.incr.aof seq 11 type h\n"
         "file appendonly.aof.11.base.aof seq 11 type h\n"
         "file appendonly.aof.10.base.aof seq 10 type h\n"
         "file appendonly.aof.9.base.aof seq 9 type h\n"
         "file appendonly.aof.12.incr.aof seq 12 type i\n"},
    };
    for (const Step& step : steps) {
        SCOPED_TRACE(step.what);
        EXPECT_EQ(parse_ok(step.manifest).to_string(), step.manifest);
    }

    // The same steps as Redis performs them, on one manifest kept in memory as Redis keeps it.
    const std::string f = "appendonly.aof";
    AofManifest m = parse_ok(kStart);
    std::vector<std::string> deleted;
    size_t i = 1;
    auto expect_step = [&](const AofManifest& got) {
        SCOPED_TRACE(steps[i].what);
        EXPECT_EQ(got.to_string(), steps[i].manifest);
        i++;
    };

    rewrite(m, true, false, &deleted);
    EXPECT_EQ(deleted,
              (std::vector<std::string>{"appendonly.aof.1.incr.aof", "appendonly.aof.1.base.rdb"}));
    expect_step(m);
    rewrite(m, true, false);
    expect_step(m);
    rewrite(m, true, true, &deleted);
    EXPECT_TRUE(deleted.empty());
    expect_step(m);
    rewrite(m, true, true);
    expect_step(m);
    rewrite(m, false, true);
    expect_step(m);
    deleted = m.take_history_for_deletion(false);  // CONFIG SET aof-disable-auto-gc no
    EXPECT_EQ(deleted,
              (std::vector<std::string>{"appendonly.aof.5.incr.aof", "appendonly.aof.5.base.rdb",
                                        "appendonly.aof.4.incr.aof", "appendonly.aof.4.base.rdb",
                                        "appendonly.aof.3.incr.aof", "appendonly.aof.3.base.rdb"}));
    expect_step(m);
    rewrite(m, false, false);
    expect_step(m);
    EXPECT_EQ(m.new_incr_file(f), "appendonly.aof.8.incr.aof");  // the child dies
    expect_step(m);
    m.new_incr_file(f);
    expect_step(m);
    rewrite(m, false, true);
    expect_step(m);
    m.take_history_for_deletion(false);
    expect_step(m);
    // appendonly no: no new incr file; every incr file is history after the rewrite.
    m.new_base_file(f, false);
    m.mark_rewritten_incr_as_history(false);
    EXPECT_EQ(
        m.take_history_for_deletion(false),
        (std::vector<std::string>{"appendonly.aof.10.incr.aof", "appendonly.aof.8.base.aof"}));
    expect_step(m);
    m.new_base_file(f, false);
    m.mark_rewritten_incr_as_history(false);
    m.take_history_for_deletion(true);
    expect_step(m);
    // appendonly yes at runtime: the rewrite appends to temp-appendonly.aof.incr, which is
    // renamed to the next incr name when it finishes.
    EXPECT_EQ(temp_incr_aof_file_name(f), "temp-appendonly.aof.incr");
    m.new_base_file(f, false);
    EXPECT_EQ(m.new_incr_file(f), "appendonly.aof.11.incr.aof");
    m.mark_rewritten_incr_as_history(true);
    expect_step(m);
    rewrite(m, false, true);
    expect_step(m);
    EXPECT_EQ(i, std::size(steps));
}

// appendfilename "my file\xc3\xa9\t\"q.aof": Redis quotes the names (sdscatrepr) and loads
// them back on restart.
TEST(AofManifest, QuotedNamesFromRedis) {
    const std::string f = "my file\xc3\xa9\t\"q.aof";
    const std::string start =
        "file \"my file\\xc3\\xa9\\t\\\"q.aof.1.base.rdb\" seq 1 type b\n"
        "file \"my file\\xc3\\xa9\\t\\\"q.aof.1.incr.aof\" seq 1 type i\n";
    const std::string after_rewrite =
        "file \"my file\\xc3\\xa9\\t\\\"q.aof.2.base.rdb\" seq 2 type b\n"
        "file \"my file\\xc3\\xa9\\t\\\"q.aof.1.incr.aof\" seq 1 type h\n"
        "file \"my file\\xc3\\xa9\\t\\\"q.aof.1.base.rdb\" seq 1 type h\n"
        "file \"my file\\xc3\\xa9\\t\\\"q.aof.2.incr.aof\" seq 2 type i\n";
    AofManifest m;
    m.new_base_file(f, true);
    m.last_incr_file(f);
    EXPECT_EQ(m.to_string(), start);

    AofManifest loaded = parse_ok(after_rewrite);
    ASSERT_TRUE(loaded.base.has_value());
    EXPECT_EQ(loaded.base->name, f + ".2.base.rdb");
    EXPECT_EQ(loaded.to_string(), after_rewrite);

    AofManifest again = parse_ok(start);
    again.new_incr_file(f);
    again.new_base_file(f, true);
    again.mark_rewritten_incr_as_history(true);
    EXPECT_TRUE(again.take_history_for_deletion(true).empty());
    EXPECT_EQ(again.to_string(), after_rewrite);
    EXPECT_EQ(aof_manifest_file_name(f), f + ".manifest");
    EXPECT_EQ(temp_aof_manifest_file_name(f), "temp-" + f + ".manifest");
}

// Manifests Redis accepts though it never writes them. Redis, started on a manifest holding
// only these history lines, creates a base and an incr file and writes the manifest at once:
// the expected text is that file.
TEST(AofManifest, AcceptedInputsAsRedisRewritesThem) {
    struct Case {
        std::string in;
        std::string history_out;  // the history lines Redis wrote back
    };
    const Case cases[] = {
        {"file \"a b\" seq 1 type h\n", "file \"a b\" seq 1 type h\n"},
        {"file ab\"c d\" seq 4 type h\n", "file \"abc d\" seq 4 type h\n"},
        {"file \"\" seq 5 type h\n", "file  seq 5 type h\n"},
        {"file \"\\x00abc\" seq 6 type h\n", "file  seq 6 type h\n"},
        {"FILE a SEQ 7 Type h\n", "file a seq 7 type h\n"},
        {"file a seq 00012abc type hist\n", "file a seq 12 type h\n"},
        {"file a seq 99999999999999999999 type h\n", "file a seq 9223372036854775807 type h\n"},
        {"file a seq -99999999999999999999 type h\n", "file a seq -9223372036854775808 type h\n"},
        {"file a seq -5 type h\n", "file a seq -5 type h\n"},
        {"file a seq \" +7\" type h\n", "file a seq 7 type h\n"},
        {"file a seq 1 type h extra1 v1\n", "file a seq 1 type h\n"},
        {"file x file y seq 1 type h\n", "file y seq 1 type h\n"},
        {"file a seq 1 type h seq 2\n", "file a seq 2 type h\n"},
        {"file a\vb seq 1 type h\n", "file \"a\\x0bb\" seq 1 type h\n"},
        {"file a\fb seq 1 type h\n", "file \"a\\x0cb\" seq 1 type h\n"},
        {"file \xc3\xa9 seq 1 type h\n", "file \"\\xc3\\xa9\" seq 1 type h\n"},
        {"file \"a\"\tseq 1 type h\n", "file a seq 1 type h\n"},
        {"file \"a\"\vseq 1 type h\n", "file a seq 1 type h\n"},
        {"\"file\" \"a\" \"seq\" \"1\" \"type\" \"h\"\n", "file a seq 1 type h\n"},
        {"file \"a\\xZZ\" seq 1 type h\n", "file axZZ seq 1 type h\n"},
        {"file \"a\\xfF\" seq 1 type h\n", "file \"a\\xff\" seq 1 type h\n"},
        {"\"file\\x00junk\" a seq 1 type h\n", "file a seq 1 type h\n"},
        {"file a seq \"1\\x002\" type h\n", "file a seq 1 type h\n"},
        {"file a seq 1 type h\r\n", "file a seq 1 type h\n"},
        {"  \t file a seq 1 type h  \r\n", "file a seq 1 type h\n"},
        {"file a'b' seq 1 type h\n", "file ab seq 1 type h\n"},
        {"file a~!@#$%^&*()_+{}|:<>?=-`,. seq 1 type h\n",
         "file a~!@#$%^&*()_+{}|:<>?=-`,. seq 1 type h\n"},
        {"file a seq 1 type h\nfile b seq 2 type h\nfile c seq 1 type h\n",
         "file a seq 1 type h\nfile b seq 2 type h\nfile c seq 1 type h\n"},
        // Comments: skipped, but a comment longer than a read goes on as a line of its own.
        {"# only comment\n", ""},
        {"# no newline", ""},
        {"file a seq 1 type h\n# trailing comment no newline", "file a seq 1 type h\n"},
        {"#" + std::string(1023, 'x') + "#\n", ""},
        {"#" + std::string(1022, 'x') + "\nfile a seq 1 type h\n", "file a seq 1 type h\n"},
        // The longest line: 1023 bytes and its '\n'.
        {"file " + std::string(1005, 'x') + " seq 1 type h\n",
         "file " + std::string(1005, 'x') + " seq 1 type h\n"},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.in);
        AofManifest m = parse_ok(c.in);
        EXPECT_FALSE(m.base.has_value());
        EXPECT_TRUE(m.incr.empty());
        m.new_base_file("appendonly.aof", true);
        m.last_incr_file("appendonly.aof");
        EXPECT_EQ(m.to_string(), "file appendonly.aof.1.base.rdb seq 1 type b\n" + c.history_out +
                                     "file appendonly.aof.1.incr.aof seq 1 type i\n");
    }
}

TEST(AofManifest, LinesInAnyOrderAreWrittenBaseHistoryIncr) {
    // Redis loads this (and, not dirty, leaves the file as it is); written, it is reordered.
    AofManifest m = parse_ok(
        "file a seq 1 type i\n"
        "# c\n"
        "file b seq 1 type h\n"
        "file c seq 3 type b\n");
    EXPECT_EQ(m.to_string(),
              "file c seq 3 type b\n"
              "file b seq 1 type h\n"
              "file a seq 1 type i\n");
    EXPECT_EQ(m.curr_base_seq, 3);
    EXPECT_EQ(m.curr_incr_seq, 1);
    // Only incr lines set curr_incr_seq, and only the base line curr_base_seq.
    AofManifest h = parse_ok("file x.7.incr.aof seq 7 type h\nfile x.9.base.rdb seq 9 type h\n");
    EXPECT_EQ(h.curr_base_seq, 0);
    EXPECT_EQ(h.curr_incr_seq, 0);
    EXPECT_EQ(h.new_incr_file("x"), "x.1.incr.aof");
    EXPECT_EQ(h.new_base_file("x", false), "x.1.base.aof");
}

TEST(AofManifest, ErrorsAsRedisLogsThem) {
    struct Case {
        std::string in;
        const char* message;
        int line;  // 0: Redis shows no line
        std::string line_text;
    };
    const char* kInvalid = "Invalid AOF manifest file format";
    const char* kTooLong = "The AOF manifest file contains too long line";
    const Case cases[] = {
        {"", "Found an empty AOF manifest", 0, ""},
        {"\n", kInvalid, 1, ""},
        {" \t\r\n", kInvalid, 1, ""},
        {"\v\n", kInvalid, 1, "\v"},
        {"file a.1.base.rdb seq 1 type b", kTooLong, 0, ""},
        {"file a.1.base.rdb seq 1 type b\n\n", kInvalid, 2, ""},
        {"file a.1.base.rdb seq 1 type b\nfile a.2.base.rdb seq 2 type b\n",
         "Found duplicate base file information", 2, "file a.2.base.rdb seq 2 type b"},
        {"file a.1.incr.aof seq 2 type i\nfile a.2.incr.aof seq 2 type i\n",
         "Found a non-monotonic sequence number", 2, "file a.2.incr.aof seq 2 type i"},
        {"file a.1.incr.aof seq -1 type i\n", "Found a non-monotonic sequence number", 1,
         "file a.1.incr.aof seq -1 type i"},
        {"file a.1.incr.aof seq 0 type i\n", kInvalid, 1, "file a.1.incr.aof seq 0 type i"},
        {"file a seq 1 type h seq 0\n", kInvalid, 1, "file a seq 1 type h seq 0"},
        {"file a/b seq 1 type i\n", "File can't be a path, just a filename", 1,
         "file a/b seq 1 type i"},
        {"file a\\b seq 1 type i\n", "File can't be a path, just a filename", 1,
         "file a\\b seq 1 type i"},
        {"file \"a\\\\\" seq 1 type h\n", "File can't be a path, just a filename", 1,
         "file \"a\\\\\" seq 1 type h"},
        {"file a seq 1 type x\n", "Unknown AOF file type", 1, "file a seq 1 type x"},
        {"file a seq 1 type B\n", "Unknown AOF file type", 1, "file a seq 1 type B"},
        {"file a seq 1 type\n", kInvalid, 1, "file a seq 1 type"},
        {"file a seq 1 type \"\"\n", kInvalid, 1, "file a seq 1 type \"\""},
        {"file a seq 1\n", kInvalid, 1, "file a seq 1"},
        {"file a seq 1 type b foo\n", kInvalid, 1, "file a seq 1 type b foo"},
        {"file \"a seq 1 type b\n", kInvalid, 1, "file \"a seq 1 type b"},
        {"file \"a\"x seq 1 type b\n", kInvalid, 1, "file \"a\"x seq 1 type b"},
        {"file \"a\\\" seq 1 type h\n", kInvalid, 1, "file \"a\\\" seq 1 type h"},
        {"file a'b seq 1 type b\n", kInvalid, 1, "file a'b seq 1 type b"},
        {"file 'a'b seq 1 type h\n", kInvalid, 1, "file 'a'b seq 1 type h"},
        {"file a\\\"b seq 1 type h\n", kInvalid, 1, "file a\\\"b seq 1 type h"},
        {"file a\rb seq 1 type h\n", kInvalid, 1, "file a\rb seq 1 type h"},
        {"#" + std::string(2000, 'x') + "\n", kInvalid, 2, std::string(977, 'x')},
        {"file " + std::string(1006, 'x') + " seq 1 type h\n", kTooLong, 0, ""},
        {"file " + std::string(1100, 'x') + " seq 1 type h\n", kTooLong, 0, ""},
        {std::string("file a seq 1 type h\0\n", 21), kTooLong, 0, ""},
        {std::string("#\0\n\0\n", 5), kTooLong, 0, ""},
        {std::string("\0#\n", 3), kTooLong, 0, ""},
        {"file a seq 1 type b\nfile a seq 2 type i\nfile a seq 3 type x\n", "Unknown AOF file type",
         3, "file a seq 3 type x"},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.in);
        AofManifest m;
        m.curr_base_seq = 42;  // left alone on failure
        AofManifestError err;
        EXPECT_FALSE(parse_aof_manifest(c.in, m, err));
        EXPECT_EQ(err.message, c.message);
        EXPECT_EQ(err.line, c.line);
        EXPECT_EQ(err.line_text, c.line_text);
        EXPECT_EQ(m.curr_base_seq, 42);
    }
}

TEST(AofManifest, FormatQuotesOnlyWhenNeeded) {
    EXPECT_EQ(format_aof_info({"appendonly.aof.1.base.rdb", 1, AofFileType::kBase}),
              "file appendonly.aof.1.base.rdb seq 1 type b\n");
    EXPECT_EQ(format_aof_info({"a'b", 2, AofFileType::kHistory}), "file a'b seq 2 type h\n");
    EXPECT_EQ(format_aof_info({"a b", 3, AofFileType::kIncr}), "file \"a b\" seq 3 type i\n");
    EXPECT_EQ(format_aof_info({"q\"\\\n\r\t\a\b\x7f", 4, AofFileType::kIncr}),
              "file \"q\\\"\\\\\\n\\r\\t\\a\\b\\x7f\" seq 4 type i\n");
    EXPECT_EQ(format_aof_info({std::string("a\0b", 3), -9, AofFileType::kIncr}),
              "file \"a\\x00b\" seq -9 type i\n");
    // Quoted names read back as written (except NUL, which a C string cannot hold).
    std::string all;
    for (int c = 1; c < 256; c++) {
        if (c != '/' && c != '\\') all.push_back(static_cast<char>(c));
    }
    AofManifest m;
    m.history.push_back({all, 5, AofFileType::kHistory});
    AofManifest back = parse_ok(m.to_string());
    ASSERT_EQ(back.history.size(), 1u);
    EXPECT_EQ(back.history[0].name, all);
}

TEST(AofManifest, MarkRewrittenIncrAsHistory) {
    AofManifest m;
    m.mark_rewritten_incr_as_history(true);  // no incr file: nothing, not dirty
    EXPECT_FALSE(m.dirty);
    m.new_incr_file("f");
    m.dirty = false;
    m.mark_rewritten_incr_as_history(true);  // the only incr file is the one being written
    EXPECT_TRUE(m.dirty);
    EXPECT_EQ(m.incr.size(), 1u);
    EXPECT_TRUE(m.history.empty());
    m.new_incr_file("f");
    m.new_incr_file("f");
    m.history.push_back({"old", 1, AofFileType::kHistory});
    m.mark_rewritten_incr_as_history(false);
    EXPECT_TRUE(m.incr.empty());
    EXPECT_EQ(m.to_string(),
              "file f.1.incr.aof seq 1 type h\n"
              "file f.2.incr.aof seq 2 type h\n"
              "file f.3.incr.aof seq 3 type h\n"
              "file old seq 1 type h\n");
    EXPECT_EQ(m.last_incr_file("f"), "f.4.incr.aof");
    EXPECT_EQ(m.last_incr_file("f"), "f.4.incr.aof");
}

TEST(AofManifest, HistoryDeletion) {
    AofManifest m = parse_ok(
        "file f.2.base.rdb seq 2 type b\n"
        "file f.1.incr.aof seq 1 type h\n"
        "file f.1.base.rdb seq 1 type h\n"
        "file f.2.incr.aof seq 2 type i\n");
    EXPECT_TRUE(m.take_history_for_deletion(true).empty());  // aof-disable-auto-gc yes
    EXPECT_FALSE(m.dirty);
    EXPECT_EQ(m.history.size(), 2u);
    EXPECT_EQ(m.take_history_for_deletion(false),
              (std::vector<std::string>{"f.1.incr.aof", "f.1.base.rdb"}));
    EXPECT_TRUE(m.dirty);
    EXPECT_EQ(m.to_string(),
              "file f.2.base.rdb seq 2 type b\n"
              "file f.2.incr.aof seq 2 type i\n");
    m.dirty = false;
    EXPECT_TRUE(m.take_history_for_deletion(false).empty());  // nothing left: no rewrite
    EXPECT_FALSE(m.dirty);
}

}  // namespace
}  // namespace cairn::persist
