// The config file a Windows installer makes on a first install: the packaged config with the
// installer's settings (PORT=...) in it. Pure text logic, unit-tested on every platform; the
// --service-first-config option (windows_service.cpp) reads and writes the files.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cairn::service {

using DirectiveValues = std::vector<std::pair<std::string, std::string>>;

// The text with each directive set to its value: the directive's first line (its name matched
// case-insensitively, as the server reads it) becomes "name value", keeping its place among
// the comments; a later line of the same directive is left alone (the server would apply it
// last, so it is reported by first_config_problem instead); a directive with no line is
// appended. Commented-out lines ("# port 6379") are not directives.
std::string set_directives(std::string_view text, const DirectiveValues& values);

// What is wrong with the installer's values, or "": a value the server would refuse at its
// first start is better refused by the installer, which then rolls back.
// Only the directives an installer sets are known: port (0-65535).
std::string first_config_problem(std::string_view text, const DirectiveValues& values);

}  // namespace cairn::service
