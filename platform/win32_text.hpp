// Windows only: UTF-8 <-> UTF-16 for the W APIs, and the text of Win32 error codes. Shared by
// platform/*_windows.cpp and service/*_windows.cpp; implemented in platform_windows.cpp.
#pragma once

#include <string>
#include <string_view>

namespace cairn::platform::win32 {

// Invalid input converts to an empty string.
std::wstring to_wide(std::string_view utf8);
std::string to_utf8(std::wstring_view wide);

// FormatMessageW's text for a GetLastError() / WSAGetLastError() code, in strerror()'s style
// (no trailing full stop or newline).
std::string error_text(unsigned long code);

}  // namespace cairn::platform::win32
