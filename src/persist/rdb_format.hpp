// Constants of Redis's RDB format (rdb.h of Redis 7.0.15): value types, opcodes and the
// special string encodings. Cairn writes version 10 and loads versions 1 to 10.
#pragma once

#include <cstdint>

namespace cairn::persist::rdb {

constexpr int kVersion = 10;  // RDB_VERSION of Redis 7.0

// Value types.
constexpr uint8_t kTypeString = 0;
constexpr uint8_t kTypeList = 1;  // linked list (RDB < 7)
constexpr uint8_t kTypeSet = 2;
constexpr uint8_t kTypeZSet = 3;  // scores as strings (RDB < 2)
constexpr uint8_t kTypeHash = 4;
constexpr uint8_t kTypeZSet2 = 5;  // binary double scores
constexpr uint8_t kTypeModule2 = 7;
constexpr uint8_t kTypeHashZipmap = 9;
constexpr uint8_t kTypeListZiplist = 10;
constexpr uint8_t kTypeSetIntset = 11;
constexpr uint8_t kTypeZSetZiplist = 12;
constexpr uint8_t kTypeHashZiplist = 13;
constexpr uint8_t kTypeListQuicklist = 14;  // quicklist of ziplists (RDB 7 to 9)
constexpr uint8_t kTypeStreamListpacks = 15;
constexpr uint8_t kTypeHashListpack = 16;
constexpr uint8_t kTypeZSetListpack = 17;
constexpr uint8_t kTypeListQuicklist2 = 18;  // quicklist of listpacks (RDB 10)
constexpr uint8_t kTypeStreamListpacks2 = 19;
constexpr uint8_t kTypeStreamListpacks3 = 21;  // Redis 7.2 (read only)

// Opcodes.
constexpr uint8_t kOpFunction2 = 245;
constexpr uint8_t kOpFunction = 246;
constexpr uint8_t kOpModuleAux = 247;
constexpr uint8_t kOpIdle = 248;
constexpr uint8_t kOpFreq = 249;
constexpr uint8_t kOpAux = 250;
constexpr uint8_t kOpResizeDb = 251;
constexpr uint8_t kOpExpireTimeMs = 252;
constexpr uint8_t kOpExpireTime = 253;
constexpr uint8_t kOpSelectDb = 254;
constexpr uint8_t kOpEof = 255;

// Length encodings (the two high bits of the first byte).
constexpr uint8_t kLen6Bit = 0;
constexpr uint8_t kLen14Bit = 1;
constexpr uint8_t kLen32Bit = 0x80;
constexpr uint8_t kLen64Bit = 0x81;
constexpr uint8_t kEncVal = 3;  // 11xxxxxx: a specially encoded string follows
constexpr uint8_t kEncInt8 = 0;
constexpr uint8_t kEncInt16 = 1;
constexpr uint8_t kEncInt32 = 2;
constexpr uint8_t kEncLzf = 3;

// Quicklist node containers (RDB_TYPE_LIST_QUICKLIST_2).
constexpr uint64_t kQuicklistPlain = 1;
constexpr uint64_t kQuicklistPacked = 2;

}  // namespace cairn::persist::rdb
