// Windows only: entries in the Application event log under the service's name. The source is
// registered by --service-install; without a message file, Event Viewer shows the text after
// its "description cannot be found" preamble.
#pragma once

#include <string>
#include <string_view>

namespace cairn::service::eventlog {

enum class Kind { Info, Warning, Error };

void write(const std::wstring& source, Kind kind, std::string_view text);

// HKLM\SYSTEM\CurrentControlSet\Services\EventLog\Application\<source>; false with err.
bool register_source(const std::wstring& source, std::string& err);
void unregister_source(const std::wstring& source);

}  // namespace cairn::service::eventlog
