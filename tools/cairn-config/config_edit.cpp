#include "tools/cairn-config/config_edit.hpp"

#include <algorithm>

#include "util/strings.hpp"

namespace cairn::tools {

namespace {

using config::Directive;

// The file as lines split on '\n', so that joining them with '\n' gives the same bytes back
// (a final newline leaves an empty last element).
std::vector<std::string> split_lines(std::string_view text) {
    std::vector<std::string> lines;
    size_t pos = 0;
    while (true) {
        size_t nl = text.find('\n', pos);
        if (nl == std::string_view::npos) {
            lines.emplace_back(text.substr(pos));
            return lines;
        }
        lines.emplace_back(text.substr(pos, nl - pos));
        pos = nl + 1;
    }
}

std::string join_lines(const std::vector<std::string>& lines) {
    std::string out;
    for (size_t i = 0; i < lines.size(); i++) {
        if (i > 0) out += '\n';
        out += lines[i];
    }
    return out;
}

// The words of a directive line (as the server's parser reads it), or empty for blank lines,
// comments and lines that do not parse.
std::vector<std::string> line_words(std::string_view line) {
    constexpr std::string_view kSpace = " \t\r\n";
    size_t b = line.find_first_not_of(kSpace);
    if (b == std::string_view::npos || line[b] == '#') return {};
    size_t e = line.find_last_not_of(kSpace);
    std::vector<std::string> argv;
    if (!util::split_args(line.substr(b, e - b + 1), argv)) return {};
    return argv;
}

bool is_line_of(const std::vector<std::string>& argv, const Directive& d) {
    return !argv.empty() && config::find_directive(argv[0]) == &d;
}

// client-output-buffer-limit is set per class: "slave" and "replica" are one class.
std::string obuf_class(std::string_view word) {
    std::string c = util::to_lower(word);
    return c == "slave" ? "replica" : c;
}

bool is_obuf(const Directive& d) {
    return d.name == "client-output-buffer-limit";
}

// Inserts line before the empty element that a final newline leaves (or adds one).
void append_line(std::vector<std::string>& lines, std::string line) {
    if (lines.back().empty()) {
        lines.insert(lines.end() - 1, std::move(line));
    } else {
        lines.push_back(std::move(line));
        lines.emplace_back();
    }
}

// The first word of a comment line ("# maxmemory <bytes>" gives "maxmemory"), or empty.
std::string_view commented_word(std::string_view line) {
    constexpr std::string_view kSpace = " \t\r";
    size_t b = line.find_first_not_of(kSpace);
    if (b == std::string_view::npos || line[b] != '#') return {};
    b = line.find_first_not_of(kSpace, line.find_first_not_of('#', b));
    if (b == std::string_view::npos) return {};
    size_t e = line.find_first_of(kSpace, b);
    return line.substr(b, e == std::string_view::npos ? e : e - b);
}

// Where a new line of d goes: after the last line of d already there (another
// client-output-buffer-limit class), else after d's commented default ("# port 6379"; the name
// as written in config files, so prose such as "# Save the dataset" is not taken for it), else
// at the end (lines.size()).
size_t insertion_point(const std::vector<std::string>& lines, const Directive& d) {
    for (size_t i = lines.size(); i > 0; i--) {
        if (is_line_of(line_words(lines[i - 1]), d)) return i;
    }
    for (size_t i = 0; i < lines.size(); i++) {
        const std::string_view word = commented_word(lines[i]);
        if (!word.empty() && (word == d.name || word == d.alias)) return i + 1;
    }
    return lines.size();
}

void insert_line(std::vector<std::string>& lines, size_t at, std::string line) {
    // After the last line (the empty element a final newline leaves, or a last line without
    // one): appended with a newline, as before.
    if (at >= lines.size() || (at + 1 == lines.size() && lines.back().empty())) {
        append_line(lines, std::move(line));
        return;
    }
    lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(at), std::move(line));
}

// Puts new_line where the first line matching `match` is and removes the others; with no such
// line, inserts it at insertion_point().
template <typename Match>
void replace_lines(std::vector<std::string>& lines, const Directive& d, const std::string& new_line,
                   Match match) {
    bool placed = false;
    for (size_t i = 0; i < lines.size();) {
        if (!match(line_words(lines[i]))) {
            i++;
            continue;
        }
        if (!placed) {
            lines[i++] = new_line;
            placed = true;
        } else {
            lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(i));
        }
    }
    if (!placed) insert_line(lines, insertion_point(lines, d), new_line);
}

bool needs_quotes(std::string_view w) {
    if (w.empty()) return true;
    for (unsigned char c : w) {
        if (c <= ' ' || c == '"' || c == '\'' || c == '\\' || c >= 0x7f) return true;
    }
    return false;
}

// The index of the include line that reads `path` (directly or through a pattern), or
// lines.size().
size_t include_line(const std::vector<std::string>& lines, const std::string& path) {
    for (size_t i = 0; i < lines.size(); i++) {
        std::vector<std::string> argv = line_words(lines[i]);
        if (argv.size() == 2 && util::iequals(argv[0], "include") &&
            (argv[1] == path || util::glob_match(argv[1], path))) {
            return i;
        }
    }
    return lines.size();
}

// Damerau-Levenshtein distance (optimal string alignment: an adjacent transposition counts
// as one edit, as in "prot" for "port").
size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
    for (size_t i = 0; i <= a.size(); i++) d[i][0] = i;
    for (size_t j = 0; j <= b.size(); j++) d[0][j] = j;
    for (size_t i = 1; i <= a.size(); i++) {
        for (size_t j = 1; j <= b.size(); j++) {
            const size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
            }
        }
    }
    return d[a.size()][b.size()];
}

// Whether the loader knows word as a directive: one of the table, an include, or one of the
// deprecated names Redis still accepts and ignores (these parse with any one argument).
bool known_directive_word(const std::string& word) {
    if (config::find_directive(word) != nullptr || util::iequals(word, "include")) return true;
    config::Config scratch;
    config::LoadError ignored;
    return config::load_string(scratch, util::repr(word) + " 0", "", ignored);
}

constexpr std::string_view kBadDirective = "Bad directive or wrong number of arguments";

// The loader's reason for a line, or "unknown directive 'x'; did you mean 'y'?" when the line
// names no directive at all (the loader says kBadDirective for that and for a wrong number
// of arguments alike).
std::string problem_reason(const config::LoadError& err) {
    std::vector<std::string> argv = line_words(err.line_text);
    if (err.reason != kBadDirective || argv.empty() || known_directive_word(argv[0])) {
        return err.reason;
    }
    return unknown_directive_message(argv[0]);
}

}  // namespace

std::string suggest_directive(std::string_view name) {
    const std::string wanted = util::to_lower(name);
    if (wanted.empty()) return {};
    const size_t max_distance = wanted.size() <= 2 ? 1 : 2;
    std::string_view best;
    size_t best_distance = max_distance + 1;
    std::string_view shortest_with_prefix;
    for (const Directive& d : config::directives()) {
        if (d.hidden) continue;
        for (std::string_view spelling : {d.name, d.alias}) {
            if (spelling.empty()) continue;
            const size_t distance = edit_distance(wanted, spelling);
            if (distance < best_distance) {
                best = d.name;
                best_distance = distance;
            }
            const bool prefix = wanted.size() >= 3 && spelling.starts_with(wanted);
            if (prefix &&
                (shortest_with_prefix.empty() || d.name.size() < shortest_with_prefix.size())) {
                shortest_with_prefix = d.name;
            }
        }
    }
    return std::string(best.empty() ? shortest_with_prefix : best);
}

std::string unknown_directive_message(std::string_view name) {
    std::string message = "unknown directive '" + std::string(name) + "'";
    const std::string suggestion = suggest_directive(name);
    if (!suggestion.empty()) message += "; did you mean '" + suggestion + "'?";
    return message;
}

std::string Problem::to_string() const {
    std::string out = file;
    if (line > 0) {
        out += ':';
        out += std::to_string(line);
    }
    out += ": ";
    out += reason;
    return out;
}

std::vector<Problem> validate(std::string_view text, const std::string& file, config::Config& cfg,
                              size_t limit) {
    std::vector<Problem> problems;
    std::vector<std::string> lines = split_lines(text);
    while (problems.size() < limit) {
        config::Config attempt;
        config::LoadError err;
        if (config::load_string(attempt, join_lines(lines), file, err)) {
            cfg = attempt;
            return problems;
        }
        const bool own_line = !err.open_failed && err.file == file && err.line > 0 &&
                              static_cast<size_t>(err.line) <= lines.size();
        if (own_line) {
            problems.push_back({err.file, err.line, problem_reason(err)});
            lines[static_cast<size_t>(err.line) - 1].clear();
            continue;
        }
        // The problem is in (or is opening) an included file: skip the include line.
        const size_t include = include_line(lines, err.file);
        if (err.open_failed && include < lines.size()) {
            problems.push_back({file, static_cast<int>(include + 1), err.reason});
        } else {
            problems.push_back({err.file, err.open_failed ? 0 : err.line,
                                err.open_failed ? err.reason : problem_reason(err)});
        }
        if (include >= lines.size()) {
            cfg = attempt;
            return problems;
        }
        lines[include].clear();
    }
    return problems;
}

std::vector<const Directive*> directives_in_text(std::string_view text) {
    std::vector<const Directive*> found;
    for (const std::string& line : split_lines(text)) {
        std::vector<std::string> argv = line_words(line);
        if (argv.empty()) continue;
        const Directive* d = config::find_directive(argv[0]);
        if (d != nullptr && std::find(found.begin(), found.end(), d) == found.end()) {
            found.push_back(d);
        }
    }
    std::vector<const Directive*> ordered;
    for (const Directive& d : config::directives()) {
        if (std::find(found.begin(), found.end(), &d) != found.end()) ordered.push_back(&d);
    }
    return ordered;
}

std::vector<std::string> value_words(const Directive& d, const std::vector<std::string>& words) {
    if (d.arity == -1 && words.size() == 1 && !words[0].empty()) {
        std::vector<std::string> split;
        if (util::split_args(words[0], split)) return split;
        return {};
    }
    return words;
}

std::string check_value(const config::Config& cfg, const Directive& d,
                        const std::vector<std::string>& words) {
    if (d.arity != -1 && words.size() != 1) return "wrong number of arguments";
    config::Config copy = cfg;
    std::string reason;
    if (!d.set(copy, words, reason)) return reason.empty() ? "invalid value" : reason;
    return {};
}

std::string format_line(const Directive& d, const std::vector<std::string>& words) {
    std::string line(d.name);
    for (const std::string& w : words) {
        line += ' ';
        line += needs_quotes(w) ? util::repr(w) : w;
    }
    return line;
}

std::string set_in_text(std::string_view text, const Directive& d,
                        const std::vector<std::string>& words) {
    std::vector<std::string> lines = split_lines(text);
    if (is_obuf(d) && words.size() % 4 == 0 && !words.empty()) {
        // One line per class; the lines of the other classes stay.
        for (size_t g = 0; g < words.size(); g += 4) {
            std::vector<std::string> group(words.begin() + static_cast<std::ptrdiff_t>(g),
                                           words.begin() + static_cast<std::ptrdiff_t>(g + 4));
            const std::string cls = obuf_class(group[0]);
            replace_lines(lines, d, format_line(d, group), [&](const std::vector<std::string>& a) {
                return is_line_of(a, d) && a.size() >= 2 && obuf_class(a[1]) == cls;
            });
        }
        return join_lines(lines);
    }
    replace_lines(lines, d, format_line(d, words),
                  [&](const std::vector<std::string>& a) { return is_line_of(a, d); });
    return join_lines(lines);
}

std::string unset_in_text(std::string_view text, const Directive& d) {
    std::vector<std::string> lines = split_lines(text);
    std::erase_if(lines, [&](const std::string& l) { return is_line_of(line_words(l), d); });
    return join_lines(lines);
}

}  // namespace cairn::tools
