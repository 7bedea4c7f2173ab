# Lua 5.1 with lua-cjson and LuaBitOp for Windows builds (mingw-w64; MSVC untested), as C from the
# sources in CAIRN_LUA_SOURCE (scripts/lua-sources) into one static library `lua`, the target
# that Dependencies.cmake makes of Debian's libraries on Linux. Included by Dependencies.cmake.
enable_language(C)
set(_lua_src "${CAIRN_LUA_SOURCE}/lua5.1/src")
set(_cjson_src "${CAIRN_LUA_SOURCE}/lua-cjson")

# The Lua core and its standard libraries: everything but the lua and luac programs.
set(_lua_sources)
foreach(name IN ITEMS lapi lcode ldebug ldo ldump lfunc lgc llex lmem lobject lopcodes lparser
                      lstate lstring ltable ltm lundump lvm lzio lauxlib lbaselib ldblib liolib
                      lmathlib loslib ltablib lstrlib loadlib linit)
  list(APPEND _lua_sources "${_lua_src}/${name}.c")
endforeach()
# What Debian's lua-cjson package builds (debian/lua5.1.dh-lua.conf: CLIB_OBJS), and bit.c.
list(APPEND _lua_sources "${_cjson_src}/lua_cjson.c" "${_cjson_src}/fpconv.c"
            "${_cjson_src}/strbuf.c" "${CAIRN_LUA_SOURCE}/bitop/bit.c")

add_library(lua STATIC ${_lua_sources})
set_target_properties(lua PROPERTIES LINKER_LANGUAGE C)
# As Redis builds its Lua (deps/Makefile: -DLUA_ANSI): plain ISO C, so on Windows no DLL
# loading (LUA_DL_DLL) and no popen; without LUA_USE_MKSTEMP, which needs POSIX mkstemp.
# PUBLIC: luaconf.h reads it in the users of the headers too.
target_compile_definitions(lua PUBLIC LUA_ANSI)
# mingw-w64's C99 printf and strtod instead of msvcrt's: numbers print as on Linux and in Redis
# (tostring(1e20) is "1e+20", not "1e+020"; cjson's number formatting likewise).
target_compile_definitions(lua PRIVATE __USE_MINGW_ANSI_STDIO=1)
# Third-party code: its warnings are not the project's.
target_compile_options(lua PRIVATE $<IF:$<C_COMPILER_ID:MSVC>,/w,-w>)
target_include_directories(lua PRIVATE "${_lua_src}")

# Only the public headers, as /usr/include/lua5.1 has them on Linux (not ldo.h and the rest).
set(_lua_include "${CMAKE_BINARY_DIR}/lua-include")
file(MAKE_DIRECTORY "${_lua_include}")
foreach(header IN ITEMS lua.h lauxlib.h lualib.h luaconf.h)
  file(CREATE_LINK "${_lua_src}/${header}" "${_lua_include}/${header}" SYMBOLIC COPY_ON_ERROR)
endforeach()
target_include_directories(lua SYSTEM PUBLIC "${_lua_include}")
