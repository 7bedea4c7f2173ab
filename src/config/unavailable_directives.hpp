// Redis 7.0 parameters of features Cairn does not have yet (replication, cluster, TLS, ACL
// files, modules, ...): known by name so that any Redis config file and tool works, accepted
// at their default value only (the feature stays off, which is the truth), refused otherwise
// with one line naming the directive and the missing feature.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"

namespace cairn::config::detail {

// The row of table named name or with that alias (case-insensitive), or nullptr.
const Directive* find_directive_in(const std::vector<Directive>& table, std::string_view name);

// The feature a Redis parameter belongs to, as the refusal names it.
std::string_view unavailable_feature(std::string_view name);

// Whether args (a config line's words, or a CONFIG SET value split on spaces) say the same
// as Redis's default value def: the same words ignoring case, or the same number of bytes.
bool is_default_value(std::string_view name, std::string_view def,
                      const std::vector<std::string>& args);

// Appends a row for every parameter of redis-server 7.0.15 that table does not know (by
// name or alias).
void add_unavailable_directives(std::vector<Directive>& table);

}  // namespace cairn::config::detail
