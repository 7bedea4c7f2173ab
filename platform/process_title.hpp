// set-proc-title: the title `ps` shows for the process, as Redis's setproctitle.
#pragma once

#include <string>

namespace cairn::platform {

// Called first thing in main(), before anything reads argv or the environment again: where
// the title lives in argv's memory (Linux), this moves the environment out of the way.
void init_process_title(int argc, char** argv);

// Linux: argv's memory (as ps and /proc/<pid>/cmdline read it), cut to the room argv and the
// environment had; FreeBSD, NetBSD, OpenBSD, DragonFly: setproctitle(3); Windows: the title of
// the console window. False where the system has no process title (macOS) or it failed.
bool set_process_title(const std::string& title);

}  // namespace cairn::platform
