#include "db/object.hpp"

#include "util/strings.hpp"

namespace cairn::db {

std::string_view type_name(ObjType t) {
    switch (t) {
        case ObjType::String:
            return "string";
        case ObjType::List:
            return "list";
        case ObjType::Set:
            return "set";
        case ObjType::ZSet:
            return "zset";
        case ObjType::Hash:
            return "hash";
        case ObjType::Stream:
            return "stream";
    }
    return "unknown";
}

std::string_view encoding_name(Encoding e) {
    switch (e) {
        case Encoding::Raw:
            return "raw";
        case Encoding::Int:
            return "int";
        case Encoding::EmbStr:
            return "embstr";
        case Encoding::ListPack:
            return "listpack";
        case Encoding::QuickList:
            return "quicklist";
        case Encoding::IntSet:
            return "intset";
        case Encoding::HashTable:
            return "hashtable";
        case Encoding::SkipList:
            return "skiplist";
        case Encoding::Stream:
            return "stream";
    }
    return "unknown";
}

// Redis's OBJ_ENCODING_EMBSTR_SIZE_LIMIT.
constexpr size_t kEmbStrSizeLimit = 44;

Object Object::make_string(std::string value) {
    Object o;
    o.type = ObjType::String;
    long long ignored;
    if (value.size() <= 20 && util::string_to_ll(value, ignored)) {
        o.encoding = Encoding::Int;
    } else if (value.size() <= kEmbStrSizeLimit) {
        o.encoding = Encoding::EmbStr;
    } else {
        o.encoding = Encoding::Raw;
    }
    o.str = std::move(value);
    return o;
}

size_t string_heap_bytes(const std::string& s) {
    // libstdc++ / libc++ / MSVC keep at most 15 chars inline.
    return s.capacity() > 15 ? s.capacity() + 1 : 0;
}

size_t Object::memory_usage(size_t samples) const {
    size_t n = sizeof(Object) + string_heap_bytes(str);
    if (payload) n += payload->memory_usage(samples);
    return n;
}

Object Object::clone() const {
    Object o;
    o.type = type;
    o.encoding = encoding;
    o.lfu_counter = lfu_counter;
    o.access_time = access_time;
    o.str = str;
    if (payload) o.payload = payload->clone();
    return o;
}

}  // namespace cairn::db
