// Registration of the server commands (server/commands/*.cpp): the commands that need the
// Server itself, not only the CommandHost the data families see.
#pragma once

namespace cairn {

class CommandTable;

// Builds the full table: every family, data and server, registers its commands here
// (server/command_registry.cpp).
void register_all_commands(CommandTable& table);

void register_connection_commands(CommandTable& table);   // PING ECHO QUIT SELECT HELLO RESET
void register_client_commands(CommandTable& table);       // CLIENT
void register_auth_command(CommandTable& table);          // AUTH
void register_server_commands(CommandTable& table);       // TIME DBSIZE FLUSH* SWAPDB INFO ...
void register_persistence_commands(CommandTable& table);  // SAVE BGSAVE LASTSAVE BGREWRITEAOF
void register_debug_command(CommandTable& table);         // DEBUG
void register_memory_command(CommandTable& table);        // MEMORY
void register_latency_command(CommandTable& table);       // LATENCY
void register_migrate_command(CommandTable& table);       // MIGRATE
void register_config_commands(CommandTable& table);       // CONFIG
void register_slowlog_command(CommandTable& table);       // SLOWLOG
void register_lolwut_command(CommandTable& table);        // LOLWUT
void register_module_command(CommandTable& table);        // MODULE (no module API yet)
void register_info_command(CommandTable& table);          // INFO
void register_transaction_commands(CommandTable& table);  // MULTI EXEC DISCARD WATCH UNWATCH
void register_monitor_command(CommandTable& table);       // MONITOR
void register_pubsub_commands(CommandTable& table);
void register_scripting_commands(CommandTable& table);  // EVAL* SCRIPT FCALL* FUNCTION       //
                                                        // (P|S)(UN)SUBSCRIBE (S)PUBLISH PUBSUB

}  // namespace cairn
