# The integration suites against the Windows build (cairn-server.exe on IOCP), run under Wine
# by the launcher that cmake/WineTesting.cmake generates. Included by CMakeLists.txt here when
# cross-compiling for Windows.
#
# Every Python suite runs: together they take about a minute under Wine (ctest -j2: ~35 s),
# mostly waiting on timers, and each exercises the IOCP accept/read/write/close paths with
# real clients. Inside them, what Windows cannot do is skipped with its reason
# (conftest.not_on_windows: Unix sockets, SIGTERM, file modes).
# Not run here:
#   node/            ioredis and node-redis start the server themselves without a launcher;
#                    the protocol paths they use are the ones the Python suites cover.
#   hiredis_test.cpp a Linux program linking Debian's hiredis, absent from a cross build.

if(NOT TARGET cairn-server)
  return()
endif()

set(CAIRN_INTEGRATION_PYTHON /usr/bin/python3 CACHE FILEPATH
    "Python interpreter with pytest and redis-py (Debian's python3-pytest and python3-redis)")
set(CAIRN_INTEGRATION_TIMEOUT 300 CACHE STRING "Per-suite timeout of the integration tests, in seconds")

cairn_wine_fixture()
file(GLOB _py_suites CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/test_*.py)
foreach(_file IN LISTS _py_suites)
  get_filename_component(_name ${_file} NAME_WE)
  string(REGEX REPLACE "^test_" "" _name ${_name})
  add_test(NAME integration.wine.py.${_name}
           COMMAND ${CAIRN_INTEGRATION_PYTHON} -m pytest -q -p no:cacheprovider ${_file}
           WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR})
  set_tests_properties(integration.wine.py.${_name} PROPERTIES
    ENVIRONMENT "CAIRN_SERVER=$<TARGET_FILE:cairn-server>;CAIRN_SERVER_LAUNCHER=${CAIRN_WINE_RUN};PYTHONDONTWRITEBYTECODE=1"
    TIMEOUT ${CAIRN_INTEGRATION_TIMEOUT}
    FIXTURES_REQUIRED WINE
    LABELS "integration;wine")
endforeach()
