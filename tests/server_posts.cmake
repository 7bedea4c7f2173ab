# Above the net layer, work is posted through ServerRuntime::post (asio::post, then the loop's
# PostNotes), never with asio::post / dispatch / defer directly: on Linux a command runs
# outside Asio's run(), where a bare post does not wake the event loop and could wait for the
# next cron tick (src/net/event_loop.hpp). Run: cmake -DROOT=<source dir> -P tests/server_posts.cmake
file(GLOB_RECURSE sources ${ROOT}/src/*.cpp ${ROOT}/src/*.hpp)
set(offenders "")
foreach(source IN LISTS sources)
  if(source MATCHES "/src/net/" OR source MATCHES "/src/server/runtime\\.hpp$")
    continue()
  endif()
  file(STRINGS ${source} hits REGEX "asio::(post|dispatch|defer)\\(")
  if(hits)
    list(APPEND offenders "${source}: ${hits}")
  endif()
endforeach()
if(offenders)
  list(JOIN offenders "\n" text)
  message(FATAL_ERROR "post through ServerRuntime::post instead:\n${text}")
endif()
