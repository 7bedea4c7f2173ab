// The Lua 5.1 C API as the scripting layer uses it, plus the modules opened into every state:
// cjson and bit (the `lua` target) and struct and cmsgpack (lualibs/).
#pragma once

extern "C" {
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
}

#include "lualibs/lua_libs.hpp"
