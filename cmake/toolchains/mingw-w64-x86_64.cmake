# Cross-compiles Cairn for 64-bit Windows on Debian/Ubuntu with mingw-w64:
#   cmake --preset mingw && cmake --build --preset mingw && ctest --preset mingw
# Packages: g++-mingw-w64-x86-64-posix (GCC, POSIX thread model so std::thread and std::mutex
# work), wine + wine64 (runs the tests), libboost-dev (only its headers are used, see
# cmake/Dependencies.cmake) and googletest (built from /usr/src/googletest).
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)

# The -posix names: the plain x86_64-w64-mingw32-g++ alternative defaults to the win32 thread
# model, which has no std::thread in GCC 12.
set(_cairn_triple x86_64-w64-mingw32)
set(CMAKE_C_COMPILER /usr/bin/${_cairn_triple}-gcc-posix)
set(CMAKE_CXX_COMPILER /usr/bin/${_cairn_triple}-g++-posix)
set(CMAKE_RC_COMPILER /usr/bin/${_cairn_triple}-windres)
set(CMAKE_AR /usr/bin/${_cairn_triple}-gcc-ar-posix CACHE FILEPATH "")
set(CMAKE_RANLIB /usr/bin/${_cairn_triple}-gcc-ranlib-posix CACHE FILEPATH "")

# Libraries and headers from the mingw sysroot only; build tools (python3, wine) from the host.
set(CMAKE_FIND_ROOT_PATH /usr/${_cairn_triple})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# ctest and gtest_discover_tests run the .exe files through Wine.
find_program(CAIRN_WINE NAMES wine wine64 PATHS /usr/bin /usr/lib/wine NO_CMAKE_FIND_ROOT_PATH)
if(CAIRN_WINE)
  set(CMAKE_CROSSCOMPILING_EMULATOR "${CAIRN_WINE}" CACHE FILEPATH "Runs Windows executables")
endif()

# A self-contained .exe: no libstdc++-6.dll, libgcc_s_seh-1.dll or libwinpthread-1.dll to ship.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static -static-libgcc -static-libstdc++")

# Qt 6 Core + Network for mingw, which Debian lacks: scripts/qt-mingw builds it from Debian's
# qt6-base source and scripts/test passes its prefix as CAIRN_QT_PREFIX. Its moc and rcc are
# the host's (qt6-base-dev), as Qt's cross builds do it. Without it cairn-config.exe is not
# built (tools/cairn-config/CMakeLists.txt).
if(CAIRN_QT_PREFIX)
  list(APPEND CMAKE_FIND_ROOT_PATH ${CAIRN_QT_PREFIX})
  set(QT_HOST_PATH /usr CACHE PATH "The host's Qt 6 (moc, rcc) for the cross build")
endif()
# Also when scripts/qt-mingw builds that Qt with QT_HOST_PATH=/usr: Debian keeps the host's Qt
# CMake packages in /usr/lib/<multiarch>/cmake.
if(QT_HOST_PATH AND NOT QT_HOST_PATH_CMAKE_DIR)
  file(GLOB _cairn_host_qt ${QT_HOST_PATH}/lib/*/cmake/Qt6HostInfo
                           ${QT_HOST_PATH}/lib/cmake/Qt6HostInfo)
  if(_cairn_host_qt)
    list(GET _cairn_host_qt 0 _cairn_host_qt)
    get_filename_component(_cairn_host_qt "${_cairn_host_qt}" DIRECTORY)
    set(QT_HOST_PATH_CMAKE_DIR "${_cairn_host_qt}" CACHE PATH "The host's Qt 6 CMake packages")
  endif()
endif()
