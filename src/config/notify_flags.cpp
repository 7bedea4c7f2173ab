// notify-keyspace-events letters <-> notify::* bits (Redis's notify.c).
#include "config/config.hpp"

namespace cairn::config {

int notify_flags_from_string(std::string_view s) {
    int flags = 0;
    for (char c : s) {
        switch (c) {
            case 'A':
                flags |= notify::All;
                break;
            case 'g':
                flags |= notify::Generic;
                break;
            case '$':
                flags |= notify::String;
                break;
            case 'l':
                flags |= notify::List;
                break;
            case 's':
                flags |= notify::Set;
                break;
            case 'h':
                flags |= notify::Hash;
                break;
            case 'z':
                flags |= notify::Zset;
                break;
            case 'x':
                flags |= notify::Expired;
                break;
            case 'e':
                flags |= notify::Evicted;
                break;
            case 'K':
                flags |= notify::Keyspace;
                break;
            case 'E':
                flags |= notify::Keyevent;
                break;
            case 't':
                flags |= notify::Stream;
                break;
            case 'm':
                flags |= notify::KeyMiss;
                break;
            case 'd':
                flags |= notify::Module;
                break;
            case 'n':
                flags |= notify::New;
                break;
            default:
                return -1;
        }
    }
    return flags;
}

std::string notify_flags_to_string(int flags) {
    std::string out;
    if ((flags & notify::All) == notify::All) {
        out += 'A';
    } else {
        if (flags & notify::Generic) out += 'g';
        if (flags & notify::String) out += '$';
        if (flags & notify::List) out += 'l';
        if (flags & notify::Set) out += 's';
        if (flags & notify::Hash) out += 'h';
        if (flags & notify::Zset) out += 'z';
        if (flags & notify::Expired) out += 'x';
        if (flags & notify::Evicted) out += 'e';
        if (flags & notify::Stream) out += 't';
        if (flags & notify::Module) out += 'd';
        if (flags & notify::New) out += 'n';
    }
    if (flags & notify::Keyspace) out += 'K';
    if (flags & notify::Keyevent) out += 'E';
    if (flags & notify::KeyMiss) out += 'm';
    return out;
}

}  // namespace cairn::config
