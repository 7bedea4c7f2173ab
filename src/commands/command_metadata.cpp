// Lookups over the generated command table (command_metadata.generated.cpp).
#include "commands/command_metadata.hpp"

#include <algorithm>

namespace cairn::meta {

const CommandMetadata* find_command(std::string_view name) {
    auto all = all_commands();
    auto it =
        std::lower_bound(all.begin(), all.end(), name,
                         [](const CommandMetadata& c, std::string_view n) { return c.name < n; });
    return it != all.end() && it->name == name ? &*it : nullptr;
}

std::span<const KeySpecMetadata> key_specs(const CommandMetadata& cmd) {
    return all_key_specs().subspan(cmd.first_key_spec, cmd.num_key_specs);
}

std::span<const HistoryMetadata> history(const CommandMetadata& cmd) {
    return all_history().subspan(cmd.first_history, cmd.num_history);
}

std::span<const ArgMetadata> arguments(const CommandMetadata& cmd) {
    return all_args().subspan(cmd.first_arg, cmd.num_args);
}

std::span<const ArgMetadata> arguments(const ArgMetadata& arg) {
    return all_args().subspan(arg.first_arg, arg.num_args);
}

}  // namespace cairn::meta
