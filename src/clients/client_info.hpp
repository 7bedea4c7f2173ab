// The one CLIENT LIST / CLIENT INFO line formatter (Redis 7.0's catClientInfoString), shared by
// CLIENT LIST, CLIENT INFO and log lines that describe a client, plus the client-name rule and
// Redis's client types.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace cairn {

class Client;

// Redis's getClientType / getClientTypeByName (CLIENT_TYPE_*). Only Normal exists for now;
// replicas, masters and pub/sub clients report their type once those features land.
enum class ClientType { Normal, Replica, PubSub, Master };

ClientType client_type(const Client& c);
// "normal", "slave" / "replica", "pubsub", "master" (case-insensitive); false otherwise.
bool parse_client_type(std::string_view name, ClientType& out);

// Redis's clientSetNameOrReply / validateClientAttr: every byte printable ASCII ('!'..'~'),
// so that CLIENT LIST stays splittable on spaces. The empty string is valid (it clears).
bool valid_client_name(std::string_view name);

// The flag letters of the flags= field ("N" when none), in Redis's order.
std::string client_flags_string(const Client& c);

// Bytes held by the client, as Redis's getClientMemoryUsage: the struct, the query buffer,
// the reply blocks, the current arguments and the strings it owns.
size_t client_memory_usage(Client& c);

// Appends c's CLIENT LIST line, without the trailing newline:
//   id=.. addr=.. laddr=.. fd=.. name=.. age=.. idle=.. flags=.. db=.. sub=.. psub=.. ssub=..
//   multi=.. qbuf=.. qbuf-free=.. argv-mem=.. multi-mem=.. rbs=.. rbp=.. obl=.. oll=.. omem=..
//   tot-mem=.. events=.. cmd=.. user=.. redir=.. resp=..
// `now_ms` is the server's cached clock. `current` is the client whose command is running (it
// never shows "w": its reply is still being built), or nullptr outside a command.
void append_client_info(std::string& out, Client& c, int64_t now_ms,
                        const Client* current = nullptr);
std::string client_info_string(Client& c, int64_t now_ms, const Client* current = nullptr);

}  // namespace cairn
