# Third-party dependencies, all from the distribution's packages.

# Boost.Asio is header-only; it is compiled once in src/net/asio_impl.cpp.
if(CMAKE_CROSSCOMPILING AND WIN32)
  # Expose only <boost/...>: adding /usr/include would pull glibc headers into a mingw build.
  set(BOOST_CROSS_INCLUDE "${CMAKE_BINARY_DIR}/boost-include")
  file(MAKE_DIRECTORY "${BOOST_CROSS_INCLUDE}")
  file(CREATE_LINK /usr/include/boost "${BOOST_CROSS_INCLUDE}/boost" SYMBOLIC)
  add_library(boost_headers INTERFACE)
  target_include_directories(boost_headers SYSTEM INTERFACE "${BOOST_CROSS_INCLUDE}")
else()
  find_package(Boost 1.74 REQUIRED)
  add_library(boost_headers INTERFACE)
  target_link_libraries(boost_headers INTERFACE Boost::headers)
endif()
target_compile_definitions(boost_headers INTERFACE BOOST_ASIO_SEPARATE_COMPILATION
                                                   BOOST_ASIO_NO_DEPRECATED)
find_package(Threads REQUIRED)

# Linux: the event loop on io_uring (src/net/uring_connection.cpp), through Debian's
# liburing-dev; the server falls back to epoll at run time where the kernel refuses io_uring.
if(CMAKE_SYSTEM_NAME STREQUAL "Linux")
  option(CAIRN_IO_URING "Linux: run the event loop on io_uring (liburing) where the kernel allows" ON)
  if(CAIRN_IO_URING)
    find_package(PkgConfig REQUIRED)
    pkg_check_modules(LIBURING REQUIRED IMPORTED_TARGET liburing>=2.3)
  endif()
endif()

if(CAIRN_BUILD_TESTS)
  if(CMAKE_CROSSCOMPILING)
    set(gtest_force_shared_crt ON CACHE BOOL "" FORCE)
    set(INSTALL_GTEST OFF CACHE BOOL "" FORCE)
    add_subdirectory(/usr/src/googletest ${CMAKE_BINARY_DIR}/googletest EXCLUDE_FROM_ALL)
  else()
    find_package(GTest 1.12 REQUIRED)
  endif()
endif()

# LZF (RDB string compression, as Redis): Debian's liblzf-dev. The Windows cross build compiles
# the C sources that the same package ships in /usr/src/liblzf.
if(CMAKE_CROSSCOMPILING AND WIN32)
  set(LZF_CROSS_INCLUDE "${CMAKE_BINARY_DIR}/lzf-include")
  file(MAKE_DIRECTORY "${LZF_CROSS_INCLUDE}")
  file(CREATE_LINK /usr/include/liblzf/lzf.h "${LZF_CROSS_INCLUDE}/lzf.h" SYMBOLIC)
  enable_language(C)
  add_library(lzf STATIC /usr/src/liblzf/lzf_c.c /usr/src/liblzf/lzf_d.c)
  # lzf_c.c spells MSVC's 64-bit type "unsigned _int64" on Win64, which mingw-w64 lacks.
  target_compile_definitions(lzf PRIVATE "_int64=long long")
  target_include_directories(lzf SYSTEM PUBLIC "${LZF_CROSS_INCLUDE}")
else()
  find_package(liblzf 3.6 REQUIRED)
  add_library(lzf INTERFACE)
  target_link_libraries(lzf INTERFACE liblzf::liblzf)
endif()

# Lua 5.1 with the cjson and bit libraries, as Redis embeds them (EVAL, FUNCTION): Debian's
# liblua5.1-0-dev, lua-cjson-dev and lua-bitop-dev (their static libraries: the modules are
# opened by the server, not loaded with require).
# The Windows cross build compiles the same libraries from Debian's source packages, which
# scripts/lua-sources unpacks (with Debian's patches) and scripts/test passes as
# CAIRN_LUA_SOURCE; so does an MSVC build (untested), which vcpkg cannot give Lua 5.1 (vcpkg.json).
if(WIN32)
  set(CAIRN_LUA_SOURCE "" CACHE PATH "Lua 5.1, lua-cjson and LuaBitOp sources: scripts/lua-sources")
  if(NOT EXISTS "${CAIRN_LUA_SOURCE}/lua5.1/src/lua.h")
    message(FATAL_ERROR "Lua for Windows builds: configure with "
                        "-DCAIRN_LUA_SOURCE=$(scripts/lua-sources)")
  endif()
  include(${CMAKE_CURRENT_LIST_DIR}/LuaFromSource.cmake)
else()
  find_package(PkgConfig REQUIRED)
  pkg_check_modules(LUA51 REQUIRED IMPORTED_TARGET lua5.1)
  find_library(LUA51_CJSON_LIBRARY NAMES liblua5.1-cjson.a REQUIRED)
  find_library(LUA51_BITOP_LIBRARY NAMES liblua5.1-bitop.a REQUIRED)
  add_library(lua INTERFACE)
  # The modules first: they use the interpreter's symbols.
  target_link_libraries(lua INTERFACE ${LUA51_CJSON_LIBRARY} ${LUA51_BITOP_LIBRARY}
                                      PkgConfig::LUA51)
endif()
