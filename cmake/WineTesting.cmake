# Cross builds for Windows run their tests under Wine, through a generated launcher
# (${CMAKE_BINARY_DIR}/wine-run) that pins the Wine prefix to the build directory, silences Wine
# and keeps one persistent wineserver for the whole test run. Included by the top-level
# CMakeLists.txt before any target is created (targets copy CMAKE_CROSSCOMPILING_EMULATOR).
if(NOT (CMAKE_CROSSCOMPILING AND WIN32 AND CMAKE_CROSSCOMPILING_EMULATOR))
  return()
endif()

list(GET CMAKE_CROSSCOMPILING_EMULATOR 0 CAIRN_WINE)
set(CAIRN_WINEPREFIX "${CMAKE_BINARY_DIR}/wineprefix")
set(CAIRN_WINESERVER_LINGER 60)
set(CAIRN_WINE_RUN "${CMAKE_BINARY_DIR}/wine-run")
configure_file(${CMAKE_CURRENT_LIST_DIR}/wine-run.sh.in ${CAIRN_WINE_RUN} @ONLY
               FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE
                                WORLD_READ WORLD_EXECUTE)
set(CMAKE_CROSSCOMPILING_EMULATOR "${CAIRN_WINE_RUN}")

# Every test that runs a Windows program requires the WINE fixture: the prefix exists and the
# wineserver is up before the first one, and is stopped after the last one.
function(cairn_wine_fixture)
  # Once per build tree (if(TEST) only sees the calling directory's tests).
  get_property(done GLOBAL PROPERTY CAIRN_WINE_FIXTURE_ADDED)
  if(done)
    return()
  endif()
  set_property(GLOBAL PROPERTY CAIRN_WINE_FIXTURE_ADDED TRUE)
  add_test(NAME wine.up COMMAND ${CAIRN_WINE_RUN} --server-up)
  add_test(NAME wine.down COMMAND ${CAIRN_WINE_RUN} --server-down)
  set_tests_properties(wine.up PROPERTIES FIXTURES_SETUP WINE TIMEOUT 120)
  set_tests_properties(wine.down PROPERTIES FIXTURES_CLEANUP WINE TIMEOUT 60)
endfunction()
