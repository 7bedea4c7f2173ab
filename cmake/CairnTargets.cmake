# Compile settings shared by every Cairn target.
function(cairn_compile_flags target)
  target_compile_features(${target} PUBLIC cxx_std_20)
  if(MSVC)
    target_compile_options(${target} PRIVATE /W4 /permissive-)
  else()
    # Designated initializers that leave trailing members defaulted are intentional.
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wno-missing-field-initializers)
  endif()
  # GCC 12 at -O2 warns falsely on string concatenation and copies (-Wrestrict, GCC bug 105329).
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
endfunction()

# Executables, tools and tests: the compile settings, and every header of the tree by its path
# ("server/server.hpp", "tests/...", "tools/...").
function(cairn_defaults target)
  cairn_compile_flags(${target})
  target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR})
endfunction()

# A layer library (DESIGN.md: each layer only calls the layers below it). The layer's headers
# are reachable only through its own include root, generated under the build tree: one
# forwarding header per real header, <build>/layers/<layer>/<layer>/x.hpp holding
# #include "<dir>/x.hpp". A target sees a layer's headers only when it links that layer (its
# own, or PUBLIC through another), so an include against the layer order does not compile
# ("server/server.hpp: No such file or directory"). tests/layers checks that it fails.
function(cairn_layer target layer dir)
  cairn_compile_flags(${target})
  set(root ${CMAKE_BINARY_DIR}/layers/${layer})
  file(GLOB_RECURSE headers CONFIGURE_DEPENDS RELATIVE ${dir} ${dir}/*.hpp)
  foreach(header IN LISTS headers)
    # Written only when the content changes, so a re-configure rebuilds nothing.
    file(CONFIGURE OUTPUT ${root}/${layer}/${header} CONTENT "#include \"${dir}/${header}\"\n")
  endforeach()
  # Forget forwarders of headers that were moved or removed.
  file(GLOB_RECURSE forwarders RELATIVE ${root}/${layer} ${root}/${layer}/*.hpp)
  foreach(forwarder IN LISTS forwarders)
    if(NOT forwarder IN_LIST headers)
      file(REMOVE ${root}/${layer}/${forwarder})
    endif()
  endforeach()
  target_include_directories(${target} PUBLIC ${root})
endfunction()

if(CAIRN_SANITIZE AND NOT MSVC)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
