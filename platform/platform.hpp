// Everything that differs between operating systems, behind one small interface.
// Implementations: platform_linux.cpp, platform_bsd.cpp (macOS, *BSD), platform_windows.cpp,
// plus platform_common.cpp for what only depends on how Asio was compiled.
#pragma once

#include <cstdint>
#include <cstdio>
#include <ctime>
#include <string>
#include <string_view>

namespace cairn::platform {

// The kernel event mechanism Boost.Asio was compiled with: "epoll", "kqueue", "iocp", or
// "select" (INFO server multiplexing_api).
std::string_view event_backend();

// Resident set size of this process in bytes (0 if unknown).
uint64_t process_rss_bytes();

// Bytes currently allocated on the heap by this process (INFO used_memory); falls back to
// the RSS where the allocator cannot tell.
uint64_t heap_used_bytes();

// The allocator's own figures (INFO allocator_*, MEMORY STATS allocator.*): bytes handed out,
// bytes it holds from the system in its heaps (handed out or free), and what of that is
// resident. All zero where the allocator does not tell.
struct AllocatorStats {
    uint64_t allocated = 0;
    uint64_t active = 0;
    uint64_t resident = 0;
};
AllocatorStats allocator_stats();
// INFO mem_allocator, e.g. "libc".
std::string_view allocator_name();
// Gives free heap memory back to the operating system where the allocator can (glibc's
// malloc_trim, the Windows CRT's _heapmin). False where it cannot (MEMORY PURGE's error).
bool release_free_memory();
// Physical memory of the machine (INFO total_system_memory), 0 if unknown.
uint64_t total_system_memory();

// User and system CPU time used by this process, in seconds.
void process_cpu_seconds(double& user, double& sys);
// CPU time of the calling thread; false where the OS does not tell (INFO then omits it).
bool thread_cpu_seconds(double& user, double& sys);

// Open-file limit. has_fd_limit() is false where the OS has none that matters (Windows).
bool has_fd_limit();
uint64_t fd_limit();
// Tries to raise the soft limit to `wanted` (up to the hard limit); returns the limit now
// in force.
uint64_t raise_fd_limit(uint64_t wanted);

// TCP keepalive as Redis sets it: idle `seconds`, probe interval seconds/3, 3 probes.
// `socket` is the native handle (int fd / SOCKET). Returns false with err on failure.
// seconds == 0 turns keepalive off (POSIX; used on listening sockets, see below).
bool set_tcp_keepalive(std::intptr_t socket, int seconds, std::string& err);
// Whether a TCP socket returned by accept() inherits TCP_NODELAY and the keepalive options
// of its listening socket (Linux: the accepted socket is a clone of the listener). Where it
// does, they are set once on the listener instead of with five system calls per connection.
bool accepted_sockets_inherit_tcp_options();

int process_id();
std::string os_description();  // INFO server os, e.g. "Linux 6.1.0-18-amd64 x86_64"
int arch_bits();
std::string hostname();

// Default locations of the config file and the data directory.
std::string default_config_path();
std::string default_data_dir();

bool change_directory(const std::string& path, std::string& err);
std::string current_directory();
// path if it is absolute (/x; C:\x, \\server\share, \x on Windows), else base + separator + path.
std::string absolute_path(const std::string& path, const std::string& base);

// Whether Unix domain sockets are supported for listening.
bool has_unix_sockets();
// chmod() of a Unix socket path (unixsocketperm); a no-op where unsupported.
bool set_file_mode(const std::string& path, int mode, std::string& err);

// Gives the open file descriptor `fd` the owner and group of the file at `path`, so
// that a config file rewritten by root keeps its root:cairn ownership. Succeeds without doing
// anything where files have no POSIX owner, when path does not exist or already matches.
bool copy_file_owner(const std::string& path, std::intptr_t fd, std::string& err);

// Whether the file open as `f` is no longer the one at `path` (renamed or removed, as
// logrotate does), so the log is reopened at `path`. Always false on Windows, where an open
// file cannot be renamed away.
bool file_was_moved(std::FILE* f, const std::string& path);

// Lowers the calling thread's CPU priority, so that on a busy machine the event loop and the
// clients run first (a snapshot's writer thread). Linux: nice +10 for the thread; macOS: the
// utility QoS class; Windows: below normal; other BSDs: unchanged (their nice is per process).
void lower_thread_priority();

// disable-thp (Redis's linuxMemoryWarnings + THPDisable): when the kernel gives every process
// transparent huge pages ("[always]"), turn them off for this one, as they make writes during
// a snapshot costlier and latency spikier. Linux only: other systems have no such pages.
void disable_transparent_huge_pages();

// Whether standard output is a terminal (the logo is shown there).
bool stdout_is_terminal();

// Thread-safe localtime (localtime_r / localtime_s).
void local_time(std::time_t t, std::tm& out);

// Text of the last OS error code (errno / GetLastError()).
std::string error_text(int code);

}  // namespace cairn::platform
