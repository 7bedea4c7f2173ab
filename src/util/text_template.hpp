// "{name}" templates as Redis's sdstemplate: "{{" is a literal '{', a variable's value comes
// from a callback, and an unknown variable or an unclosed '{' makes the template invalid.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace cairn::util {

// lookup(name, value) returns false for an unknown name. Returns false (out unspecified) when
// the template is invalid.
bool expand_template(std::string_view tpl,
                     const std::function<bool(std::string_view name, std::string& value)>& lookup,
                     std::string& out);

}  // namespace cairn::util
