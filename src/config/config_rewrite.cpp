// CONFIG REWRITE (Redis 7.0's rewriteConfig in config.c): the rewrite state built from the old
// file, one rewrite rule per directive, and the atomic overwrite of the file.
#include "config/config_rewrite.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <deque>
#include <map>
#include <set>
#include <vector>

#include "platform/files.hpp"
#include "util/strings.hpp"

namespace cairn::config {

namespace {

// Lines Redis's rewriteConfigReadOldFile keeps although they are no config of its table.
constexpr std::string_view kKeptDirectives[] = {"include", "rename-command", "user", "loadmodule",
                                                "sentinel"};

bool is_kept_directive(std::string_view name) {
    for (std::string_view k : kKeptDirectives) {
        if (util::iequals(k, name)) return true;
    }
    return false;
}

// String directives that Redis stores as NULL when empty (EMPTY_STRING_IS_NULL with no
// default): an empty value is not written and removes the directive's lines.
constexpr std::string_view kNullWhenEmpty[] = {"unixsocket", "pidfile", "requirepass"};

bool null_when_empty(std::string_view name) {
    for (std::string_view k : kNullWhenEmpty) {
        if (k == name) return true;
    }
    return false;
}

// sdstrim(line, "\r\n\t ")
std::string_view trim(std::string_view s) {
    constexpr std::string_view kSpace = " \t\r\n";
    size_t b = s.find_first_not_of(kSpace);
    if (b == std::string_view::npos) return {};
    size_t e = s.find_last_not_of(kSpace);
    return s.substr(b, e - b + 1);
}

// Redis's struct rewriteConfigState.
class RewriteState {
public:
    // rewriteConfigReadOldFile, on the file's text.
    explicit RewriteState(std::string_view text) {
        if (text.empty()) return;  // Redis returns the empty state for a 0-byte file
        size_t pos = 0;
        while (true) {
            size_t nl = text.find('\n', pos);
            std::string_view raw =
                text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
            add_old_line(trim(raw));
            if (nl == std::string_view::npos) break;
            pos = nl + 1;
        }
    }

    void mark_processed(std::string_view option) { rewritten_.emplace(option); }

    // rewriteConfigRewriteLine: reuse the option's next old line, or append when forced.
    void rewrite_line(std::string_view option, std::string line, bool force) {
        mark_processed(option);
        auto it = option_to_line_.find(std::string(option));
        if (it == option_to_line_.end()) {
            if (!force) return;
            if (needs_signature_) {
                lines_.emplace_back(kRewriteSignature);
                needs_signature_ = false;
            }
            lines_.push_back(std::move(line));
            return;
        }
        size_t linenum = it->second.front();
        it->second.pop_front();
        if (it->second.empty()) option_to_line_.erase(it);
        lines_[linenum] = std::move(line);
    }

    // rewriteConfigRemoveOrphaned: blank the unused lines of the processed options.
    void remove_orphaned() {
        for (auto& [option, linenums] : option_to_line_) {
            if (rewritten_.count(option) == 0) continue;
            for (size_t n : linenums) lines_[n].clear();
            linenums.clear();
        }
    }

    // rewriteConfigGetContentFromState: every run of empty lines becomes one empty line.
    std::string content() const {
        std::string out;
        bool was_empty = false;
        for (const std::string& line : lines_) {
            if (line.empty()) {
                if (was_empty) continue;
                was_empty = true;
            } else {
                was_empty = false;
            }
            out += line;
            out += '\n';
        }
        return out;
    }

private:
    void add_old_line(std::string_view line) {
        if (line.empty() || line[0] == '#') {
            if (needs_signature_ && line == kRewriteSignature) needs_signature_ = false;
            lines_.emplace_back(line);
            return;
        }
        std::vector<std::string> argv;
        const Directive* d = nullptr;
        bool ok = util::split_args(line, argv) && !argv.empty();
        if (ok) {
            d = find_directive(argv[0]);
            ok = d != nullptr || is_kept_directive(argv[0]);
        }
        if (!ok) {
            // Unparsable, or a directive that does not exist: kept as a comment.
            lines_.push_back("# ??? " + std::string(line));
            return;
        }
        // Aliases count as their directive (Redis maps "slave" names to "replica" ones).
        std::string option = d != nullptr ? std::string(d->name) : util::to_lower(argv[0]);
        option_to_line_[option].push_back(lines_.size());
        lines_.emplace_back(line);
    }

    std::vector<std::string> lines_;
    std::map<std::string, std::deque<size_t>> option_to_line_;
    std::set<std::string, std::less<>> rewritten_;
    bool needs_signature_ = true;
};

const Config& defaults() {
    static const Config cfg;
    return cfg;
}

std::string join(std::string_view name, std::string_view value) {
    std::string line(name);
    line += ' ';
    line += value;
    return line;
}

// rewriteConfigSaveOption: always written, `save ""` when there are no points.
void rewrite_save(RewriteState& state, const Directive& d, const Config& cfg) {
    if (cfg.save_params.empty()) {
        state.rewrite_line(d.name, join(d.name, "\"\""), true);
    } else {
        for (const SaveParam& p : cfg.save_params) {
            std::string line = join(d.name, util::ll_to_string(p.seconds));
            line += ' ';
            line += util::ll_to_string(p.changes);
            state.rewrite_line(d.name, std::move(line), true);
        }
    }
    state.mark_processed(d.name);
}

// rewriteConfigBindOption: nothing (and the old lines go) at the default, `bind ""` for none.
void rewrite_bind(RewriteState& state, const Directive& d, const Config& cfg) {
    if (cfg.bind == defaults().bind) {
        state.mark_processed(d.name);
        return;
    }
    std::string addresses;
    for (size_t i = 0; i < cfg.bind.size(); i++) {
        if (i > 0) addresses += ' ';
        addresses += cfg.bind[i];
    }
    if (cfg.bind.empty()) addresses = "\"\"";
    state.rewrite_line(d.name, join(d.name, addresses), true);
}

// rewriteConfigClientOutputBufferLimitOption: one line per class, each forced on its own.
void rewrite_obuf_limits(RewriteState& state, const Directive& d, const Config& cfg) {
    constexpr std::string_view kNames[] = {"normal", "replica", "pubsub"};
    for (size_t j = 0; j < cfg.client_obuf_limits.size(); j++) {
        const ClientBufferLimit& l = cfg.client_obuf_limits[j];
        const bool force = l != defaults().client_obuf_limits[j];
        std::string line = join(d.name, kNames[j]);
        line += ' ';
        line += format_memory(static_cast<long long>(l.hard_bytes));
        line += ' ';
        line += format_memory(static_cast<long long>(l.soft_bytes));
        line += ' ';
        line += util::ll_to_string(l.soft_seconds);
        state.rewrite_line(d.name, std::move(line), force);
    }
}

// rewriteConfigDirOption: always written, as a quoted absolute path (the host keeps cfg.dir
// absolute, as Redis writes getcwd()).
void rewrite_dir(RewriteState& state, const Directive& d, const Config& cfg) {
    if (cfg.dir.empty()) {
        state.mark_processed(d.name);
        return;
    }
    state.rewrite_line(d.name, join(d.name, util::repr(cfg.dir)), true);
}

void rewrite_directive(RewriteState& state, const Directive& d, const Config& cfg) {
    if (d.name == "save") return rewrite_save(state, d, cfg);
    if (d.name == "bind") return rewrite_bind(state, d, cfg);
    if (d.name == "client-output-buffer-limit") return rewrite_obuf_limits(state, d, cfg);
    if (d.name == "dir") return rewrite_dir(state, d, cfg);

    const std::string value = d.get(cfg);
    const bool force = value != d.get(defaults());
    switch (d.kind) {
        case Kind::String:
            // rewriteConfigStringOption / rewriteConfigSdsOption.
            if (value.empty() && null_when_empty(d.name)) {
                state.mark_processed(d.name);
                return;
            }
            state.rewrite_line(d.name, join(d.name, util::repr(value)), force);
            return;
        case Kind::Memory: {
            // rewriteConfigBytesOption.
            long long bytes = 0;
            if (!util::string_to_ll(value, bytes)) bytes = 0;
            state.rewrite_line(d.name, join(d.name, format_memory(bytes)), force);
            return;
        }
        case Kind::Special:
            // notify-keyspace-events (rewriteConfigNotifyKeyspaceEventsOption) is quoted.
            if (d.name == "notify-keyspace-events") {
                state.rewrite_line(d.name, join(d.name, util::repr(value)), force);
                return;
            }
            state.rewrite_line(d.name, join(d.name, value), force);
            return;
        case Kind::Unavailable:
            // Always the default: an empty one needs no line, another is written as printed.
            if (value.empty()) {
                state.mark_processed(d.name);
                return;
            }
            state.rewrite_line(d.name, join(d.name, value), force);
            return;
        case Kind::Bool:  // yes / no
        case Kind::Int:   // decimal, unixsocketperm in octal (its CONFIG GET form)
        case Kind::Enum:  // the canonical name
            state.rewrite_line(d.name, join(d.name, value), force);
            return;
    }
}

std::string errno_text(int e) {
    return std::strerror(e);
}

// Reads the old file as rewriteConfigReadOldFile: a missing file is empty.
bool read_old_file(const std::string& path, std::string& out, std::string& err) {
    out.clear();
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (f == nullptr) {
        if (errno == ENOENT) return true;
        err = errno_text(errno);
        return false;
    }
    char buf[16384];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof(buf), f)) > 0) out.append(buf, n);
    bool failed = std::ferror(f) != 0;
    int e = errno;
    std::fclose(f);
    if (failed) {
        err = errno_text(e);
        return false;
    }
    return true;
}

}  // namespace

std::string format_memory(long long bytes) {
    constexpr long long kGb = 1024LL * 1024 * 1024;
    constexpr long long kMb = 1024LL * 1024;
    constexpr long long kKb = 1024;
    if (bytes != 0 && bytes % kGb == 0) return util::ll_to_string(bytes / kGb) + "gb";
    if (bytes != 0 && bytes % kMb == 0) return util::ll_to_string(bytes / kMb) + "mb";
    if (bytes != 0 && bytes % kKb == 0) return util::ll_to_string(bytes / kKb) + "kb";
    return util::ll_to_string(bytes);
}

std::string rewrite_config_text(const Config& cfg, std::string_view old_text) {
    RewriteState state(old_text);
    for (const Directive& d : directives()) {
        if (!d.hidden) rewrite_directive(state, d, cfg);
    }
    state.remove_orphaned();
    return state.content();
}

bool write_file_atomically(const std::string& path, std::string_view content, std::string& err,
                           std::string& detail) {
    platform::AtomicWriteError failure;
    if (platform::write_file_atomically(path, content, failure)) return true;
    err = failure.reason;
    const std::string why = " (" + failure.reason + ")";
    switch (failure.step) {
        case platform::AtomicWriteStep::PathTooLong:
            detail = "Config file full path is too long";
            break;
        case platform::AtomicWriteStep::CreateTemp:
            detail = "Could not create tmp config file" + why;
            break;
        case platform::AtomicWriteStep::Write:
            detail = "Failed after writing (" + std::to_string(failure.written) +
                     ") bytes to tmp config file" + why;
            break;
        case platform::AtomicWriteStep::Sync:
            detail = "Could not sync tmp config file to disk" + why;
            break;
        case platform::AtomicWriteStep::Chmod:
            detail = "Could not chmod config file" + why;
            break;
        case platform::AtomicWriteStep::Rename:
            detail = "Could not rename tmp config file" + why;
            break;
    }
    return false;
}

bool rewrite_config_file(const Config& cfg, const std::string& path, std::string& err,
                         std::string& detail) {
    std::string old_text;
    if (!read_old_file(path, old_text, err)) {
        detail.clear();
        return false;
    }
    return write_file_atomically(path, rewrite_config_text(cfg, old_text), err, detail);
}

}  // namespace cairn::config
