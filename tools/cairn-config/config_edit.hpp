// Edits and checks the text of a config file through the server's directive table: the
// directive's own lines are replaced or removed, every other byte of the file stays as it was.
// No Qt here, so the editing rules are unit-tested on plain strings.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"

namespace cairn::tools {

// One problem found by validate(): "<file>:<line>: <reason>" (line 0: not tied to a line).
struct Problem {
    std::string file;
    int line = 0;
    std::string reason;
    std::string to_string() const;
};

// Parses text as the server would (includes are read, relative to the working directory) and
// collects every error, not just the first: a bad line is reported and then skipped.
// cfg receives the configuration of the good lines. At most `limit` problems.
std::vector<Problem> validate(std::string_view text, const std::string& file, config::Config& cfg,
                              size_t limit = 100);

// The directive a mistyped name most likely meant, by its canonical name: the closest name or
// alias at a Damerau-Levenshtein distance of at most 2 (1 for a name of one or two letters),
// else the shortest name that starts with it (given 3 letters at least); case-insensitive.
// Empty when nothing is close. Test-only (hidden) directives are never suggested.
std::string suggest_directive(std::string_view name);

// "unknown directive 'prot'; did you mean 'port'?" (without the question when nothing is close).
std::string unknown_directive_message(std::string_view name);

// The directives that have a line in text (not counting included files), in table order.
std::vector<const config::Directive*> directives_in_text(std::string_view text);

// The value words of a `set NAME VALUE...` for d: a multi-word directive given one word is
// split again as a config line would be ("3600 1 300 100").
std::vector<std::string> value_words(const config::Directive& d,
                                     const std::vector<std::string>& words);

// Checks value words against the directive (its setter, on a copy of cfg): empty on
// success, else the server's reason (e.g. "argument must be 'yes' or 'no'").
std::string check_value(const config::Config& cfg, const config::Directive& d,
                        const std::vector<std::string>& words);

// The config line for d with these value words, quoted where a config line needs it.
std::string format_line(const config::Directive& d, const std::vector<std::string>& words);

// text with d set to words: the first line of d becomes the new line and later lines of d
// are removed (client-output-buffer-limit: per class). With no line of d, the new line goes
// right after d's commented default (the first comment line whose first word is d's name, as
// "# maxmemory <bytes>" or "# port 6379"), else at the end; client-output-buffer-limit's
// classes go after its last line.
std::string set_in_text(std::string_view text, const config::Directive& d,
                        const std::vector<std::string>& words);

// text without any line of d (the default applies again).
std::string unset_in_text(std::string_view text, const config::Directive& d);

}  // namespace cairn::tools
