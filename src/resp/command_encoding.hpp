// A command as a RESP array of bulk strings: what clients send, and what Redis writes to its
// AOF and to replicas for each propagated command (catAppendOnlyGenericCommand).
#pragma once

#include <string>
#include <vector>

namespace cairn::resp {

// Appends "*<n>\r\n" then "$<len>\r\n<bytes>\r\n" for each word.
void append_command(std::string& out, const std::vector<std::string>& argv);

}  // namespace cairn::resp
