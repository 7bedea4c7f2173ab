#include "persist/aof_commands.hpp"

#include <cstdlib>
#include <utility>

namespace cairn::persist {

namespace {
constexpr size_t kChunk = 64 * 1024;
constexpr size_t kMaxLine = 1024;  // Redis reads "*<n>" / "$<n>" lines with fgets(buf, 128)
}  // namespace

AofCommandReader::AofCommandReader(ByteSource& source, std::string pending, uint64_t offset)
    : source_(source), buf_(std::move(pending)), base_offset_(offset), valid_offset_(offset) {}

bool AofCommandReader::fill(size_t need) {
    while (buf_.size() - pos_ < need) {
        if (eof_) return false;
        if (pos_ > 0 && pos_ >= buf_.size() / 2) {
            buf_.erase(0, pos_);
            base_offset_ += pos_;
            pos_ = 0;
        }
        const size_t have = buf_.size();
        const size_t want = std::max(kChunk, need - (have - pos_));
        buf_.resize(have + want);
        const size_t got = source_.read(buf_.data() + have, want);
        buf_.resize(have + got);
        if (got == 0) eof_ = true;
    }
    return true;
}

// One "\r\n"-terminated line; Truncated when the file ends inside it.
bool AofCommandReader::line(std::string& out, Result& fail) {
    for (size_t scanned = 0;;) {
        const size_t nl = buf_.find('\n', pos_ + scanned);
        if (nl != std::string::npos) {
            if (nl == pos_ || buf_[nl - 1] != '\r') {
                fail = Result::BadFormat;
                return false;
            }
            out.assign(buf_, pos_, nl - 1 - pos_);
            pos_ = nl + 1;
            return true;
        }
        scanned = buf_.size() - pos_;
        if (scanned > kMaxLine) {
            fail = Result::BadFormat;
            return false;
        }
        if (!fill(scanned + 1)) {
            fail = Result::Truncated;
            return false;
        }
    }
}

AofCommandReader::Result AofCommandReader::next(std::vector<std::string>& argv) {
    argv.clear();
    std::string head;
    Result fail = Result::BadFormat;
    for (;;) {
        if (!fill(1)) return Result::End;
        if (buf_[pos_] != '#') break;
        // An annotation (#TS:<unix time>): skipped whole.
        if (!line(head, fail)) return fail;
        valid_offset_ = base_offset_ + pos_;
    }
    if (!line(head, fail)) return fail;
    if (head.size() < 2 || head[0] != '*') return Result::BadFormat;
    char* end = nullptr;
    const long argc = std::strtol(head.c_str() + 1, &end, 10);
    if (*end != '\0' || argc < 1) return Result::BadFormat;
    argv.reserve(static_cast<size_t>(std::min(argc, 1024L)));
    for (long i = 0; i < argc; i++) {
        if (!line(head, fail)) return fail;
        if (head.size() < 2 || head[0] != '$') return Result::BadFormat;
        const long long len = std::strtoll(head.c_str() + 1, &end, 10);
        if (*end != '\0' || len < 0) return Result::BadFormat;
        const size_t n = static_cast<size_t>(len);
        if (!fill(n + 2)) return Result::Truncated;
        if (buf_[pos_ + n] != '\r' || buf_[pos_ + n + 1] != '\n') return Result::BadFormat;
        argv.emplace_back(buf_, pos_, n);
        pos_ += n + 2;
    }
    valid_offset_ = base_offset_ + pos_;
    return Result::Command;
}

}  // namespace cairn::persist
