// The full command table: the data families of commands/ and the server commands of
// server/commands/, registered in one fixed order (COMMAND lists them in it).
#include "commands/command.hpp"
#include "server/commands/server_commands.hpp"

namespace cairn {

void register_all_commands(CommandTable& table) {
    register_connection_commands(table);
    register_client_commands(table);
    register_auth_command(table);
    register_server_commands(table);
    register_persistence_commands(table);
    register_debug_command(table);
    register_memory_command(table);
    register_latency_command(table);
    register_config_commands(table);
    register_slowlog_command(table);
    register_lolwut_command(table);
    register_module_command(table);
    register_info_command(table);
    register_introspection_commands(table);
    register_string_commands(table);
    register_key_commands(table);
    register_expire_commands(table);
    register_dump_commands(table);
    register_migrate_command(table);
    register_list_commands(table);
    register_blocking_list_commands(table);
    register_pubsub_commands(table);
    register_transaction_commands(table);
    register_monitor_command(table);
    register_sort_commands(table);
    register_wait_command(table);
    register_standalone_commands(table);
    register_hash_commands(table);
    register_set_commands(table);
    register_bitmap_commands(table);
    register_hyperloglog_commands(table);
    register_zset_commands(table);
    register_zset_range_commands(table);
    register_zset_store_commands(table);
    register_blocking_zset_commands(table);
    register_geo_commands(table);
    register_geo_search_commands(table);
    register_stream_commands(table);
    register_stream_read_commands(table);
    register_stream_group_commands(table);
    register_stream_info_commands(table);
    register_scripting_commands(table);
    apply_pipeline_flags(table);
    check_all_joined(table);
}

}  // namespace cairn
