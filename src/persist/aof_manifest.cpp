#include "persist/aof_manifest.hpp"

#include <climits>
#include <cstddef>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "util/strings.hpp"

namespace cairn::persist {

namespace {

constexpr size_t kManifestMaxLine = 1024;  // MANIFEST_MAX_LINE: fgets reads at most this

// The C locale's isspace and isprint, which Redis's sds functions use.
bool c_space(unsigned char c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
}
bool c_print(unsigned char c) {
    return c >= 0x20 && c <= 0x7e;
}

// sdsneedsrepr: whether sdscatrepr would escape something, or the name holds a space.
bool needs_repr(std::string_view s) {
    for (unsigned char c : s) {
        if (c == '\\' || c == '"' || !c_print(c) || c_space(c)) return true;
    }
    return false;
}

// What C code sees of a string: the bytes before the first NUL.
std::string_view c_str(std::string_view s) {
    return s.substr(0, s.find('\0'));
}

// atoll (strtoll base 10): leading C-locale spaces, a sign, digits; stops at anything else;
// saturates at LLONG_MIN / LLONG_MAX as glibc does.
int64_t c_atoll(std::string_view s) {
    size_t i = 0;
    while (i < s.size() && c_space(static_cast<unsigned char>(s[i]))) i++;
    bool negative = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
    const uint64_t limit = negative ? uint64_t{1} << 63 : uint64_t{LLONG_MAX};
    uint64_t v = 0;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; i++) {
        const unsigned digit = static_cast<unsigned>(s[i] - '0');
        if (v > (limit - digit) / 10) {
            v = limit;
            break;
        }
        v = v * 10 + digit;
    }
    if (!negative) return static_cast<int64_t>(v);
    return v == (uint64_t{1} << 63) ? LLONG_MIN : -static_cast<int64_t>(v);
}

// sdstrim(s, " \t\r\n").
std::string_view trim(std::string_view s) {
    constexpr std::string_view kSet = " \t\r\n";
    const size_t start = s.find_first_not_of(kSet);
    if (start == std::string_view::npos) return {};
    return s.substr(start, s.find_last_not_of(kSet) - start + 1);
}

// ++seq as Redis's long long increment would go on x86-64 (no overflow trap).
int64_t next_seq(int64_t seq) {
    return static_cast<int64_t>(static_cast<uint64_t>(seq) + 1);
}

std::string numbered_name(std::string_view aof_filename, int64_t seq, std::string_view suffix) {
    std::string name(aof_filename);
    name += '.';
    name += std::to_string(seq);
    name += suffix;
    return name;
}

}  // namespace

std::string format_aof_info(const AofInfo& info) {
    std::string line = "file ";
    line += needs_repr(info.name) ? util::repr(info.name) : info.name;
    line += " seq ";
    line += std::to_string(info.seq);
    line += " type ";
    line += static_cast<char>(info.type);
    line += '\n';
    return line;
}

std::string aof_manifest_file_name(std::string_view aof_filename) {
    return std::string(aof_filename) + ".manifest";
}

std::string temp_aof_manifest_file_name(std::string_view aof_filename) {
    return "temp-" + std::string(aof_filename) + ".manifest";
}

std::string temp_incr_aof_file_name(std::string_view aof_filename) {
    return "temp-" + std::string(aof_filename) + ".incr";
}

std::string AofManifest::to_string() const {
    std::string out;
    if (base) out += format_aof_info(*base);
    for (const AofInfo& info : history) out += format_aof_info(info);
    for (const AofInfo& info : incr) out += format_aof_info(info);
    return out;
}

std::string AofManifest::new_base_file(std::string_view aof_filename, bool rdb_preamble) {
    if (base) {
        base->type = AofFileType::kHistory;
        history.insert(history.begin(), std::move(*base));
    }
    curr_base_seq = next_seq(curr_base_seq);
    base = AofInfo{
        numbered_name(aof_filename, curr_base_seq, rdb_preamble ? ".base.rdb" : ".base.aof"),
        curr_base_seq, AofFileType::kBase};
    dirty = true;
    return base->name;
}

std::string AofManifest::new_incr_file(std::string_view aof_filename) {
    curr_incr_seq = next_seq(curr_incr_seq);
    incr.push_back(AofInfo{numbered_name(aof_filename, curr_incr_seq, ".incr.aof"), curr_incr_seq,
                           AofFileType::kIncr});
    dirty = true;
    return incr.back().name;
}

std::string AofManifest::last_incr_file(std::string_view aof_filename) {
    if (incr.empty()) return new_incr_file(aof_filename);
    return incr.back().name;
}

void AofManifest::mark_rewritten_incr_as_history(bool aof_enabled) {
    if (incr.empty()) return;
    // Redis walks the incr list from its tail, skipping the file being written, and adds each
    // file at the head of the history list: the moved files keep their order, ahead of it.
    const size_t moved = aof_enabled ? incr.size() - 1 : incr.size();
    for (size_t i = 0; i < moved; i++) incr[i].type = AofFileType::kHistory;
    history.insert(history.begin(), std::make_move_iterator(incr.begin()),
                   std::make_move_iterator(incr.begin() + static_cast<std::ptrdiff_t>(moved)));
    incr.erase(incr.begin(), incr.begin() + static_cast<std::ptrdiff_t>(moved));
    dirty = true;
}

std::vector<std::string> AofManifest::take_history_for_deletion(bool auto_gc_disabled) {
    std::vector<std::string> names;
    if (auto_gc_disabled || history.empty()) return names;
    names.reserve(history.size());
    for (AofInfo& info : history) names.push_back(std::move(info.name));
    history.clear();
    dirty = true;
    return names;
}

void AofManifest::set_upgraded_base(std::string_view aof_filename) {
    base = AofInfo{std::string(aof_filename), 1, AofFileType::kBase};
    curr_base_seq = 1;
    dirty = true;
}

bool parse_aof_manifest(std::string_view text, AofManifest& out, AofManifestError& err) {
    AofManifest am;
    int64_t maxseq = 0;
    int linenum = 0;
    size_t pos = 0;
    std::vector<std::string> argv;

    auto fail = [&](const char* message, std::string_view line, bool with_line) {
        err.message = message;
        err.line = with_line ? linenum : 0;
        err.line_text = with_line ? std::string(line) : std::string();
        return false;
    };

    while (true) {
        if (pos == text.size()) {
            if (linenum == 0) return fail("Found an empty AOF manifest", {}, false);
            break;
        }
        // fgets(buf, MANIFEST_MAX_LINE + 1, fp): up to 1024 bytes, through the first '\n'.
        std::string_view chunk = text.substr(pos, kManifestMaxLine);
        if (const size_t nl = chunk.find('\n'); nl != std::string_view::npos) {
            chunk = chunk.substr(0, nl + 1);
        }
        pos += chunk.size();
        linenum++;

        if (chunk[0] == '#') continue;  // comment lines

        // Redis sees buf as a C string from here on.
        const std::string_view buf = c_str(chunk);
        if (buf.find('\n') == std::string_view::npos) {
            return fail("The AOF manifest file contains too long line", {}, false);
        }

        const std::string_view line = trim(buf);
        if (line.empty()) return fail("Invalid AOF manifest file format", line, true);

        // 'argc < 6' was done for forward compatibility.
        if (!util::split_args(line, argv) || argv.size() < 6 || argv.size() % 2 != 0) {
            return fail("Invalid AOF manifest file format", line, true);
        }

        bool has_name = false;
        AofInfo ai;
        char type = '\0';
        for (size_t i = 0; i < argv.size(); i += 2) {
            const std::string_view key = c_str(argv[i]);
            const std::string_view value = c_str(argv[i + 1]);
            if (util::iequals(key, "file")) {
                ai.name = std::string(value);
                has_name = true;
                if (value.find_first_of("/\\") != std::string_view::npos) {
                    return fail("File can't be a path, just a filename", line, true);
                }
            } else if (util::iequals(key, "seq")) {
                ai.seq = c_atoll(value);
            } else if (util::iequals(key, "type")) {
                type = value.empty() ? '\0' : value[0];
            }
        }

        // We have to make sure we load all the information.
        if (!has_name || ai.seq == 0 || type == '\0') {
            return fail("Invalid AOF manifest file format", line, true);
        }

        if (type == static_cast<char>(AofFileType::kBase)) {
            if (am.base) return fail("Found duplicate base file information", line, true);
            ai.type = AofFileType::kBase;
            am.curr_base_seq = ai.seq;
            am.base = std::move(ai);
        } else if (type == static_cast<char>(AofFileType::kHistory)) {
            ai.type = AofFileType::kHistory;
            am.history.push_back(std::move(ai));
        } else if (type == static_cast<char>(AofFileType::kIncr)) {
            if (ai.seq <= maxseq) return fail("Found a non-monotonic sequence number", line, true);
            ai.type = AofFileType::kIncr;
            am.curr_incr_seq = ai.seq;
            maxseq = ai.seq;
            am.incr.push_back(std::move(ai));
        } else {
            return fail("Unknown AOF file type", line, true);
        }
    }

    out = std::move(am);
    return true;
}

}  // namespace cairn::persist
