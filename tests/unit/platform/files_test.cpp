// platform/files.hpp: the behaviour every OS shares (POSIX and Windows implementations).
#include "platform/files.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/unit/temp_dir.hpp"

namespace cairn::platform {
namespace {

namespace fs = std::filesystem;

std::string read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void write(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

size_t entries(const std::string& dir) {
    size_t n = 0;
    for (const auto& e : fs::directory_iterator(dir)) n += e.exists() ? 1 : 0;
    return n;
}

TEST(GlobFiles, MatchesSortedAndNothingIsEmpty) {
    test::TempDir dir;
    write(dir.file("b.conf"), "");
    write(dir.file("a.conf"), "");
    write(dir.file("a.conf.bak"), "");
    write(dir.file("c.txt"), "");
    EXPECT_EQ(glob_files(dir.file("*.conf")),
              (std::vector<std::string>{dir.file("a.conf"), dir.file("b.conf")}));
    EXPECT_EQ(glob_files(dir.file("?.txt")), (std::vector<std::string>{dir.file("c.txt")}));
    EXPECT_TRUE(glob_files(dir.file("nothing*.conf")).empty());
    EXPECT_TRUE(glob_files(dir.file("missing-dir/*.conf")).empty());
}

TEST(WriteFileAtomically, CreatesANewFile) {
    test::TempDir dir;
    AtomicWriteError err;
    ASSERT_TRUE(write_file_atomically(dir.file("new.conf"), "port 1\n", err)) << err.reason;
    EXPECT_EQ(read_all(dir.file("new.conf")), "port 1\n");
    EXPECT_EQ(entries(dir.path()), 1u);  // no temporary file left behind
}

TEST(WriteFileAtomically, ReplacesAnExistingFile) {
    test::TempDir dir;
    write(dir.file("x.conf"), "old content that is longer than the new one\n");
    AtomicWriteError err;
    ASSERT_TRUE(write_file_atomically(dir.file("x.conf"), "new\n", err)) << err.reason;
    EXPECT_EQ(read_all(dir.file("x.conf")), "new\n");
    ASSERT_TRUE(write_file_atomically(dir.file("x.conf"), "", err)) << err.reason;
    EXPECT_EQ(read_all(dir.file("x.conf")), "");
    EXPECT_EQ(entries(dir.path()), 1u);
}

TEST(WriteFileAtomically, BinaryContentIsKeptByteForByte) {
    test::TempDir dir;
    const std::string content("a\r\nb\n\0c\x1a\xff", 9);
    AtomicWriteError err;
    ASSERT_TRUE(write_file_atomically(dir.file("bin"), content, err)) << err.reason;
    EXPECT_EQ(read_all(dir.file("bin")), content);
}

TEST(WriteFileAtomically, MissingDirectoryFailsCreatingTheTemporaryFile) {
    test::TempDir dir;
    AtomicWriteError err;
    EXPECT_FALSE(write_file_atomically(dir.file("gone/x.conf"), "a", err));
    EXPECT_EQ(err.step, AtomicWriteStep::CreateTemp);
    EXPECT_FALSE(err.reason.empty());
    EXPECT_EQ(entries(dir.path()), 0u);
}

}  // namespace
}  // namespace cairn::platform
