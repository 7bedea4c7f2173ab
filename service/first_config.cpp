#include "service/first_config.hpp"

#include <cctype>
#include <cstddef>

namespace cairn::service {

namespace {

// util/strings.hpp has one too, but service/ sits below util/ (it links only platform/).
bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); i++) {
        if (std::tolower(static_cast<unsigned char>(a[i])) !=
            std::tolower(static_cast<unsigned char>(b[i]))) {
            return false;
        }
    }
    return true;
}

bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\r';
}

// The directive a line sets: its first word, or "" for a blank line or a comment.
std::string_view directive_of(std::string_view line) {
    size_t start = 0;
    while (start < line.size() && is_blank(line[start])) start++;
    if (start == line.size() || line[start] == '#') return {};
    size_t end = start;
    while (end < line.size() && !is_blank(line[end])) end++;
    return line.substr(start, end - start);
}

std::vector<std::string_view> lines_of(std::string_view text) {
    std::vector<std::string_view> lines;
    size_t pos = 0;
    while (pos < text.size()) {
        size_t nl = text.find('\n', pos);
        if (nl == std::string_view::npos) nl = text.size();
        lines.push_back(text.substr(pos, nl - pos));
        pos = nl + 1;
    }
    return lines;
}

// Where the line of a name in the text keeps its line ending ("\r" of a CRLF file).
std::string line_end(std::string_view line) {
    return !line.empty() && line.back() == '\r' ? "\r" : "";
}

}  // namespace

std::string set_directives(std::string_view text, const DirectiveValues& values) {
    std::vector<std::string> out;
    std::vector<bool> done(values.size(), false);
    for (std::string_view line : lines_of(text)) {
        std::string_view name = directive_of(line);
        bool replaced = false;
        for (size_t i = 0; i < values.size() && !name.empty(); i++) {
            if (!done[i] && iequals(name, values[i].first)) {
                out.push_back(values[i].first + " " + values[i].second + line_end(line));
                done[i] = true;
                replaced = true;
                break;
            }
        }
        if (!replaced) out.emplace_back(line);
    }
    for (size_t i = 0; i < values.size(); i++) {
        if (!done[i]) out.push_back(values[i].first + " " + values[i].second);
    }
    std::string result;
    for (const std::string& line : out) result += line + "\n";
    return result;
}

std::string first_config_problem(std::string_view text, const DirectiveValues& values) {
    for (const auto& [name, value] : values) {
        if (!iequals(name, "port")) return "'" + name + "' is not set by the installer";
        bool digits = !value.empty() && value.size() <= 5;
        for (char c : value) digits = digits && std::isdigit(static_cast<unsigned char>(c));
        if (!digits || std::stol(value) > 65535) {
            return "PORT '" + value + "' is not a port number (0-65535)";
        }
        int lines = 0;
        for (std::string_view line : lines_of(text)) lines += iequals(directive_of(line), name);
        if (lines > 1) {
            return "the packaged config sets '" + name + "' more than once";
        }
    }
    return {};
}

}  // namespace cairn::service
