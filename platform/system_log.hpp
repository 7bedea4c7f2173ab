// syslog-enabled / syslog-ident / syslog-facility: log lines also go to the system's log
// (syslog(3) on POSIX systems, the Application event log on Windows, where the ident is the
// event source and there are no facilities).
#pragma once

#include <string>
#include <string_view>

namespace cairn::platform {

// Whether syslog-facility means something here (false on Windows).
bool system_log_has_facilities();
// Opens the system log; facility is one of Redis's names (user, local0 .. local7).
bool open_system_log(const std::string& ident, std::string_view facility, std::string& err);
// level: 0 debug, 1 verbose, 2 notice, 3 warning (Redis's LOG_DEBUG .. LOG_WARNING).
void write_system_log(int level, std::string_view message);

}  // namespace cairn::platform
