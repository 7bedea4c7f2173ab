# Linux packages: `cpack -G DEB` and `cpack -G RPM` in a build configured with
# -DCMAKE_INSTALL_PREFIX=/usr (e.g. the release preset). Produces cairn_<v>_<arch>.deb and
# cairn-<v>-1.<arch>.rpm with cairn-server, cairn-config, /etc/cairn/cairn.conf (a conffile /
# %config(noreplace)) and the systemd unit. Included from the top-level CMakeLists.txt so
# that CPackConfig.cmake lands in the build root.
if(NOT CMAKE_SYSTEM_NAME STREQUAL "Linux")
  return()
endif()

set(CAIRN_LICENSE "BSD-3-Clause" CACHE STRING "License name in the packages' metadata")
set(_pkg_dir ${CMAKE_CURRENT_LIST_DIR})
set(_pkg_out ${CMAKE_BINARY_DIR}/installer)

# Replaces every `from` in the variable `var` with `to`; stops the configuration when `from`
# is not there, so an edit of the source (`source_name`) cannot silently skip a replacement.
# Each pair is "from|to".
function(cairn_replace_required var source_name)
  set(_text "${${var}}")
  foreach(_pair IN LISTS ARGN)
    string(REPLACE "|" ";" _pair "${_pair}")
    list(GET _pair 0 _from)
    list(GET _pair 1 _to)
    string(FIND "${_text}" "${_from}" _at)
    if(_at EQUAL -1)
      message(FATAL_ERROR "${source_name} has no '${_from}' to turn into '${_to}'")
    endif()
    string(REPLACE "${_from}" "${_to}" _text "${_text}")
  endforeach()
  set(${var} "${_text}" PARENT_SCOPE)
endfunction()

# The packaged config is conf/cairn.conf with the service's settings: data in /var/lib/cairn,
# readiness through systemd, logs on stdout (the journal). It still binds to loopback.
file(READ ${PROJECT_SOURCE_DIR}/conf/cairn.conf _conf)
# Whole lines: each pair starts and ends with a newline.
cairn_replace_required(_conf conf/cairn.conf "\ndir ./\n|\ndir /var/lib/cairn\n"
                       "\nsupervised no\n|\nsupervised systemd\n" "\nlogfile \"\"\n|\nlogfile \"\"\n")
set(_old_conf "")
if(EXISTS ${_pkg_out}/cairn.conf)
  file(READ ${_pkg_out}/cairn.conf _old_conf)
endif()
if(NOT _old_conf STREQUAL _conf)
  file(WRITE ${_pkg_out}/cairn.conf "${_conf}")
endif()
set_property(DIRECTORY ${PROJECT_SOURCE_DIR} APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
             ${PROJECT_SOURCE_DIR}/conf/cairn.conf)
set(CAIRN_PACKAGED_CONF ${_pkg_out}/cairn.conf CACHE INTERNAL "config file the packages install")

# The template unit cairn-server@NAME.service (as Debian's redis-server@.service) is the
# main unit with the instance's config file, data and runtime directories: one place for
# the hardening. Each replaced text must exist, so an edit of cairn.service cannot silently
# leave the template behind.
file(READ ${_pkg_dir}/cairn.service _unit)
set(_template_header [[
# Cairn, one more instance per config file: cairn-server@NAME.service runs the server with
# /etc/cairn/cairn-NAME.conf, data in /var/lib/cairn/NAME (created by the unit), runtime
# files in /run/cairn-NAME. To add an instance:
#   cp -p /etc/cairn/cairn.conf /etc/cairn/cairn-NAME.conf
#   cairn-config -f /etc/cairn/cairn-NAME.conf set port 6380
#   cairn-config -f /etc/cairn/cairn-NAME.conf set dir /var/lib/cairn/NAME
#   systemctl enable --now cairn-server@NAME
# Give each instance its own port (or unixsocket), dir, pidfile and logfile.
]])
cairn_replace_required(_unit installer/linux/cairn.service
    "in-memory data store\n|in-memory data store (%I)\n"
    "/etc/cairn/cairn.conf|/etc/cairn/cairn-%i.conf"
    "WorkingDirectory=/var/lib/cairn\n|StateDirectory=cairn/%i\nStateDirectoryMode=0750\nWorkingDirectory=/var/lib/cairn/%i\n"
    "RuntimeDirectory=cairn\n|RuntimeDirectory=cairn-%i\n"
    "`systemctl edit cairn`|`systemctl edit cairn-server@NAME`"
    "`systemctl reload cairn`|`systemctl reload cairn-server@NAME`")
string(FIND "${_unit}" "\n" _first_line_end)  # the first line gives way to the header
math(EXPR _rest_at "${_first_line_end} + 1")
string(SUBSTRING "${_unit}" ${_rest_at} -1 _unit)
string(PREPEND _unit "${_template_header}")
file(CONFIGURE OUTPUT ${_pkg_out}/cairn-server@.service CONTENT "${_unit}" @ONLY)
set_property(DIRECTORY ${PROJECT_SOURCE_DIR} APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
             ${_pkg_dir}/cairn.service)

# Man pages, gzipped as Debian policy asks (both packages).
set(_man_pages cairn-server.1 cairn-config.1 cairn.conf.5)
set(_man_outputs "")
foreach(_page IN LISTS _man_pages)
  string(REGEX REPLACE ".*\\.([0-9])$" "\\1" _section ${_page})
  configure_file(${_pkg_dir}/man/${_page} ${_pkg_out}/man/${_page} @ONLY)
  add_custom_command(OUTPUT ${_pkg_out}/man/${_page}.gz
    COMMAND gzip -9 -n -c ${_pkg_out}/man/${_page} > ${_pkg_out}/man/${_page}.gz
    DEPENDS ${_pkg_out}/man/${_page}
    COMMENT "Compressing the man page ${_page}")
  list(APPEND _man_outputs ${_pkg_out}/man/${_page}.gz)
  install(FILES ${_pkg_out}/man/${_page}.gz DESTINATION share/man/man${_section})
endforeach()
add_custom_target(man_pages ALL DEPENDS ${_man_outputs})

install(FILES ${_pkg_out}/cairn.conf DESTINATION /etc/cairn)
install(FILES ${_pkg_dir}/cairn.logrotate DESTINATION /etc/logrotate.d RENAME cairn)
# The units: Debian's /lib/systemd/system for the deb, /usr/lib/systemd/system for the rpm
# (and a plain `cmake --install`), with the rpm's preset (its %systemd_post enables by
# preset). Each generator picks its component (see below).
foreach(_unit_file ${_pkg_dir}/cairn.service ${_pkg_out}/cairn-server@.service)
  install(FILES ${_unit_file} DESTINATION lib/systemd/system COMPONENT unit)
  install(FILES ${_unit_file} DESTINATION /lib/systemd/system COMPONENT deb_unit
          EXCLUDE_FROM_ALL)
endforeach()
install(FILES ${_pkg_dir}/rpm/80-cairn.preset DESTINATION lib/systemd/system-preset
        COMPONENT unit)
if(EXISTS ${PROJECT_SOURCE_DIR}/LICENSE)
  install(FILES ${PROJECT_SOURCE_DIR}/LICENSE DESTINATION share/doc/cairn RENAME copyright)
endif()

set(CPACK_PACKAGE_NAME cairn)
set(CPACK_PACKAGE_VENDOR "Cairn")
set(CPACK_PACKAGE_CONTACT "Cairn maintainers <cairn@localhost>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Redis-compatible in-memory data store")
set(CPACK_PACKAGE_DESCRIPTION
    "Cairn speaks the Redis protocol and commands (Redis 7.0 behaviour). The package runs it as
the systemd service cairn.service, listening on loopback, and ships cairn-config to edit,
check and apply its configuration.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_GENERATOR "DEB;RPM")
# Each generator installs the common files plus its own unit component.
file(CONFIGURE OUTPUT ${_pkg_out}/cpack-project.cmake CONTENT [[
if(CPACK_GENERATOR STREQUAL "DEB")
  set(CPACK_INSTALL_CMAKE_PROJECTS "@CMAKE_BINARY_DIR@;cairn;Unspecified;/;@CMAKE_BINARY_DIR@;cairn;deb_unit;/")
elseif(CPACK_GENERATOR STREQUAL "RPM")
  set(CPACK_INSTALL_CMAKE_PROJECTS "@CMAKE_BINARY_DIR@;cairn;Unspecified;/;@CMAKE_BINARY_DIR@;cairn;unit;/")
endif()
]] @ONLY)
set(CPACK_PROJECT_CONFIG_FILE ${_pkg_out}/cpack-project.cmake)

# DEB
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION database)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Used by the maintainer scripts; libraries come from shlibdeps.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser, init-system-helpers (>= 1.54~)")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "redis-tools")  # redis-cli, redis-benchmark
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    "${_pkg_dir}/deb/conffiles;${_pkg_dir}/deb/postinst;${_pkg_dir}/deb/prerm;${_pkg_dir}/deb/postrm")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)

# RPM
set(CPACK_RPM_FILE_NAME RPM-DEFAULT)
set(CPACK_RPM_PACKAGE_LICENSE "${CAIRN_LICENSE}")
set(CPACK_RPM_PACKAGE_GROUP "Applications/Databases")
set(CPACK_RPM_PACKAGE_AUTOREQPROV ON)
set(CPACK_RPM_PACKAGE_REQUIRES_PRE "shadow-utils")
set(CPACK_PACKAGE_RELOCATABLE OFF)
set(CPACK_RPM_PACKAGE_DESCRIPTION "${CPACK_PACKAGE_DESCRIPTION}")
set(CPACK_RPM_SPEC_MORE_DEFINE "%define _build_id_links none")
set(CPACK_RPM_PRE_INSTALL_SCRIPT_FILE ${_pkg_dir}/rpm/pre.sh)
set(CPACK_RPM_POST_INSTALL_SCRIPT_FILE ${_pkg_dir}/rpm/post.sh)
set(CPACK_RPM_PRE_UNINSTALL_SCRIPT_FILE ${_pkg_dir}/rpm/preun.sh)
set(CPACK_RPM_POST_UNINSTALL_SCRIPT_FILE ${_pkg_dir}/rpm/postun.sh)
set(CPACK_RPM_PACKAGE_SUGGESTS "redis")  # redis-cli (Fedora's redis package has it)
set(CPACK_RPM_USER_FILELIST "%config(noreplace) /etc/cairn/cairn.conf"
                            "%config(noreplace) /etc/logrotate.d/cairn")
set(CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION
    /etc /etc/logrotate.d /usr/lib/systemd /usr/lib/systemd/system
    /usr/lib/systemd/system-preset /usr/share/doc /usr/share/man /usr/share/man/man1
    /usr/share/man/man5)

include(CPack)
