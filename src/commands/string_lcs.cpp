#include "commands/string_lcs.hpp"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include "commands/context.hpp"
#include "db/object.hpp"
#include "util/strings.hpp"

namespace cairn::strings {

namespace {

struct LcsOptions {
    bool getlen = false;
    bool getidx = false;
    bool withmatchlen = false;
    long long minmatchlen = 0;
};

// LEN, IDX, MINMATCHLEN n, WITHMATCHLEN, in any order; replies the error itself.
bool parse_options(CommandContext& ctx, LcsOptions& o) {
    const auto& argv = ctx.argv;
    for (size_t j = 3; j < argv.size(); j++) {
        std::string_view opt = argv[j];
        const bool more = j + 1 < argv.size();
        if (util::iequals(opt, "idx")) {
            o.getidx = true;
        } else if (util::iequals(opt, "len")) {
            o.getlen = true;
        } else if (util::iequals(opt, "withmatchlen")) {
            o.withmatchlen = true;
        } else if (util::iequals(opt, "minmatchlen") && more) {
            if (!ctx.parse_ll(argv[j + 1], o.minmatchlen)) return false;
            if (o.minmatchlen < 0) o.minmatchlen = 0;
            j++;
        } else {
            ctx.syntax_error();
            return false;
        }
    }
    if (o.getidx && o.getlen) {
        ctx.reply.error("ERR If you want both the length and indexes, please just use IDX.");
        return false;
    }
    return true;
}

// The dynamic-programming table: at(i, j) is the LCS length of a[0..i) and b[0..j).
class LcsTable {
public:
    LcsTable(std::string_view a, std::string_view b) : a_(a), b_(b) {}

    // False when the table cannot be allocated (Redis's "Insufficient memory" error).
    bool fill() {
        const unsigned long long cells = (a_.size() + 1ULL) * (b_.size() + 1ULL);
        if (cells >= SIZE_MAX / sizeof(uint32_t)) return false;
        dp_.reset(new (std::nothrow) uint32_t[cells]);
        if (!dp_) return false;
        for (size_t i = 0; i <= a_.size(); i++) {
            for (size_t j = 0; j <= b_.size(); j++) {
                if (i == 0 || j == 0) {
                    at(i, j) = 0;
                } else if (a_[i - 1] == b_[j - 1]) {
                    at(i, j) = at(i - 1, j - 1) + 1;
                } else {
                    at(i, j) = std::max(at(i - 1, j), at(i, j - 1));
                }
            }
        }
        return true;
    }
    uint32_t& at(size_t i, size_t j) { return dp_[j + i * (b_.size() + 1)]; }

private:
    std::string_view a_, b_;
    std::unique_ptr<uint32_t[]> dp_;
};

struct Range {
    uint32_t a_start, a_end, b_start, b_end;
};

// Walks the table back from its end, as Redis does: the subsequence itself and the matching
// ranges (last match first) that are at least minmatchlen long.
std::string backtrack(std::string_view a, std::string_view b, LcsTable& t, const LcsOptions& opt,
                      std::vector<Range>& ranges) {
    const uint32_t alen = static_cast<uint32_t>(a.size());
    uint32_t idx = t.at(a.size(), b.size());
    std::string result(idx, '\0');
    uint32_t arange_start = alen, arange_end = 0, brange_start = 0, brange_end = 0;
    uint32_t i = alen, j = static_cast<uint32_t>(b.size());
    while (i > 0 && j > 0) {
        bool emit = false;
        if (a[i - 1] == b[j - 1]) {
            result[--idx] = a[i - 1];
            if (arange_start == alen) {
                arange_start = arange_end = i - 1;
                brange_start = brange_end = j - 1;
            } else if (arange_start == i && brange_start == j) {
                arange_start--;
                brange_start--;
            } else {
                emit = true;
            }
            if (arange_start == 0 || brange_start == 0) emit = true;
            i--;
            j--;
        } else {
            if (t.at(i - 1, j) > t.at(i, j - 1)) {
                i--;
            } else {
                j--;
            }
            if (arange_start != alen) emit = true;
        }
        if (emit) {
            const long long match_len = arange_end - arange_start + 1;
            if (opt.getidx && (opt.minmatchlen == 0 || match_len >= opt.minmatchlen)) {
                ranges.push_back({arange_start, arange_end, brange_start, brange_end});
            }
            arange_start = alen;
        }
    }
    return result;
}

void reply_ranges(resp::Reply& r, const std::vector<Range>& ranges, bool withmatchlen,
                  uint32_t total) {
    r.map(2);
    r.bulk("matches");
    r.array(ranges.size());
    for (const Range& rg : ranges) {
        r.array(withmatchlen ? 3 : 2);
        r.array(2);
        r.integer(rg.a_start);
        r.integer(rg.a_end);
        r.array(2);
        r.integer(rg.b_start);
        r.integer(rg.b_end);
        if (withmatchlen) r.integer(rg.a_end - rg.a_start + 1);
    }
    r.bulk("len");
    r.integer(total);
}

}  // namespace

void lcs_command(CommandContext& ctx) {
    const auto& argv = ctx.argv;
    // Copy the first value before the second lookup: a lookup may expire (delete) keys.
    db::Object* oa = ctx.lookup_read(argv[1]);
    const bool a_bad = oa && oa->type != db::ObjType::String;
    std::string a_copy = oa && !a_bad ? oa->str : std::string();
    db::Object* ob = ctx.lookup_read(argv[2]);
    if (a_bad || (ob && ob->type != db::ObjType::String)) {
        ctx.reply.error("ERR The specified keys must contain string values");
        return;
    }
    LcsOptions opt;
    if (!parse_options(ctx, opt)) return;
    std::string_view a = a_copy;
    std::string_view b = ob ? std::string_view(ob->str) : std::string_view();
    if (a.size() >= UINT32_MAX - 1 || b.size() >= UINT32_MAX - 1) {
        ctx.reply.error("ERR String too long for LCS");
        return;
    }
    LcsTable table(a, b);
    if (!table.fill()) {
        ctx.reply.error("ERR Insufficient memory, failed allocating transient memory for LCS");
        return;
    }
    const uint32_t total = table.at(a.size(), b.size());
    if (opt.getlen && !opt.getidx) {
        ctx.reply.integer(total);
        return;
    }
    std::vector<Range> ranges;
    std::string result = backtrack(a, b, table, opt, ranges);
    if (!opt.getidx) {
        ctx.reply.bulk(result);
        return;
    }
    reply_ranges(ctx.reply, ranges, opt.withmatchlen, total);
}

}  // namespace cairn::strings
