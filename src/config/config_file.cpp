// Config files: reading (files, globbed includes, stdin), parsing redis.conf lines into the
// directive table, and Redis's fatal error text.
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>

#include "config/command_line.hpp"
#include "config/config.hpp"
#include "config/special_directives.hpp"
#include "config/values.hpp"
#include "platform/files.hpp"
#include "util/strings.hpp"

#ifndef CAIRN_REDIS_COMPAT_VERSION
#define CAIRN_REDIS_COMPAT_VERSION "7.0.15"
#endif

namespace cairn::config {

namespace {

// Redis has no limit (a self-include overflows its stack); Cairn stops here instead.
constexpr int kMaxIncludeDepth = 32;

struct LoadState {
    ConfigHost* host = nullptr;
    bool first_save_line = true;  // Redis's static save_loaded, per load
    int include_depth = 0;
};

// Directives Redis 7.0 accepts and ignores (its deprecated_configs), with their arg counts
// including the name.
struct Deprecated {
    std::string_view name;
    size_t argc_min;
    size_t argc_max;
};
constexpr Deprecated kDeprecated[] = {
    {"list-max-ziplist-entries", 2, 2},
    {"list-max-ziplist-value", 2, 2},
    {"lua-replicate-commands", 2, 2},
};

bool is_deprecated(std::string_view name, size_t argc) {
    for (const Deprecated& d : kDeprecated) {
        if (util::iequals(d.name, name) && argc >= d.argc_min && argc <= d.argc_max) return true;
    }
    return false;
}

bool read_stream(std::istream& in, std::string& out) {
    out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return !in.bad();
}

void set_open_error(LoadError& err, const std::string& path, int errnum) {
    err = LoadError{};
    err.file = path;
    err.open_failed = true;
    err.reason = "Fatal error, can't open config file '" + path + "': " + std::strerror(errnum);
}

bool read_one_file(const std::string& path, std::string& text, LoadError& err) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        set_open_error(err, path, errno);
        return false;
    }
    std::string content;
    if (!read_stream(in, content)) {
        set_open_error(err, path, errno);
        return false;
    }
    text += content;
    return true;
}

// Redis's loadServerConfig file part: a name with * ? [ is globbed (no match is fine, the
// matches are concatenated), otherwise the file must open.
bool read_config_source(const std::string& path, std::string& text, LoadError& err) {
    if (path.find_first_of("*?[") == std::string::npos) return read_one_file(path, text, err);
    for (const std::string& match : platform::glob_files(path)) {
        if (!read_one_file(match, text, err)) return false;
    }
    return true;
}

// sdstrim(line, " \t\r\n")
std::string_view trim(std::string_view s) {
    constexpr std::string_view kSpace = " \t\r\n";
    size_t b = s.find_first_not_of(kSpace);
    if (b == std::string_view::npos) return {};
    size_t e = s.find_last_not_of(kSpace);
    return s.substr(b, e - b + 1);
}

bool parse_text(Config& cfg, std::string_view text, const std::string& file, LoadState& state,
                LoadError& err);

// What went wrong with one line.
enum class LineResult {
    Ok,
    Error,        // reason describes the error on this line
    NestedError,  // err already describes an error inside an included file
};

LineResult include_file(Config& cfg, const std::string& path, LoadState& state, LoadError& err,
                        std::string& reason) {
    if (state.include_depth >= kMaxIncludeDepth) {
        reason = "Too many nested includes";
        return LineResult::Error;
    }
    std::string text;
    if (!read_config_source(path, text, err)) return LineResult::NestedError;
    state.include_depth++;
    bool ok = parse_text(cfg, text, path, state, err);
    state.include_depth--;
    return ok ? LineResult::Ok : LineResult::NestedError;
}

// Applies one split, non-empty line (Redis's loadServerConfigFromString loop body).
LineResult apply_line(Config& cfg, const std::vector<std::string>& argv, LoadState& state,
                      LoadError& err, std::string& reason) {
    const std::string name = util::to_lower(argv[0]);
    const Directive* d = find_directive(name);
    if (d != nullptr) {
        const bool multi_arg = d->arity == -1;
        if (!multi_arg && argv.size() != 2) {
            reason = detail::kErrArgCount;
            return LineResult::Error;
        }
        std::vector<std::string> args;
        if (multi_arg && argv.size() == 2 && !argv[1].empty()) {
            // One non-empty word for a multi-word directive is split again, so that
            // --save "3600 1 300 100" works (an unbalanced word gives no args, as Redis).
            if (!util::split_args(argv[1], args)) args.clear();
        } else {
            args.assign(argv.begin() + 1, argv.end());
        }
        bool ok = d->name == "save"
                      ? detail::load_save_line(cfg, args, state.first_save_line, reason)
                      : d->set(cfg, args, reason);
        if (!ok) return LineResult::Error;
        if (d->apply == Apply::Dir && state.host != nullptr &&
            !state.host->apply(Apply::Dir, reason)) {
            return LineResult::Error;
        }
        return LineResult::Ok;
    }
    if (is_deprecated(name, argv.size())) return LineResult::Ok;
    if (name == "include" && argv.size() == 2) {
        return include_file(cfg, argv[1], state, err, reason);
    }
    reason = "Bad directive or wrong number of arguments";
    return LineResult::Error;
}

// sdssplitlen(text, "\n"): an empty text has no lines, "a\n" has two.
std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    if (text.empty()) return lines;
    size_t pos = 0;
    while (true) {
        size_t nl = text.find('\n', pos);
        if (nl == std::string_view::npos) {
            lines.push_back(text.substr(pos));
            return lines;
        }
        lines.push_back(text.substr(pos, nl - pos));
        pos = nl + 1;
    }
}

bool parse_text(Config& cfg, std::string_view text, const std::string& file, LoadState& state,
                LoadError& err) {
    const std::vector<std::string_view> lines = split_lines(text);
    for (size_t i = 0; i < lines.size(); i++) {
        std::string_view line = trim(lines[i]);
        if (line.empty() || line[0] == '#') continue;

        std::vector<std::string> argv;
        std::string reason;
        LineResult result = LineResult::Error;
        if (!util::split_args(line, argv)) {
            reason = "Unbalanced quotes in configuration line";
        } else if (argv.empty()) {
            continue;
        } else {
            result = apply_line(cfg, argv, state, err, reason);
        }
        if (result == LineResult::Ok) continue;
        if (result == LineResult::Error) {
            err = LoadError{};
            err.file = file;
            err.line = static_cast<int>(i + 1);
            err.line_text = std::string(line);
            err.reason = reason;
        }
        return false;
    }
    return true;
}

}  // namespace

bool load_string(Config& cfg, std::string_view text, const std::string& file, LoadError& err) {
    LoadState state;
    return parse_text(cfg, text, file, state, err);
}

bool load(Config& cfg, const std::string& path, const std::vector<std::string>& overrides,
          LoadError& err, ConfigHost* host) {
    std::string text;
    std::string file = path;
    if (path == "-") {
        file = "(stdin)";
        read_stream(std::cin, text);
    } else if (!path.empty()) {
        if (!read_config_source(path, text, err)) return false;
    }
    bool from_stdin = false;
    std::string options = detail::options_to_config_text(overrides, from_stdin);
    if (from_stdin) {
        std::string more;
        read_stream(std::cin, more);
        text += more;
    }
    // Lines up to here belong to the file; Redis then adds "\n" and the options.
    int file_lines = 1;
    for (char c : text) file_lines += c == '\n' ? 1 : 0;
    text += '\n';
    text += options;

    LoadState state;
    state.host = host;
    if (parse_text(cfg, text, file, state, err)) return true;
    // An error in the options part: report it as the command line (same line number).
    if (!err.open_failed && err.file == file && err.line > file_lines) err.file.clear();
    return false;
}

bool load(Config& cfg, const std::string& path, const std::vector<std::string>& overrides,
          LoadError& err) {
    return load(cfg, path, overrides, err, nullptr);
}

std::string format_fatal(const LoadError& err) {
    if (err.open_failed) return err.reason + "\n";
    std::string out = "\n*** FATAL CONFIG FILE ERROR (Redis " CAIRN_REDIS_COMPAT_VERSION ") ***\n";
    if (!err.file.empty()) out += "File: " + err.file + "\n";
    if (err.line > 0) {
        out += "Reading the configuration file, at line " + std::to_string(err.line) + "\n";
        out += ">>> '" + err.line_text + "'\n";
    }
    out += err.reason + "\n";
    return out;
}

}  // namespace cairn::config
