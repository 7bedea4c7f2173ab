// A small blocking RESP2 client over QTcpSocket: enough for AUTH, CONFIG GET and CONFIG SET.
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QTcpSocket>
#include <vector>

namespace cairn::tools {

struct RespReply {
    enum class Type { Status, Error, Integer, Bulk, Nil, Array };
    Type type = Type::Nil;
    QByteArray text;  // Status, Error, Bulk
    long long integer = 0;
    std::vector<RespReply> elements;  // Array
};

class RespClient {
public:
    bool connect_to(const QString& host, quint16 port, int timeout_ms, QString& err);
    // Sends one command and waits for its reply; false with err on I/O or protocol errors
    // (an error reply is a successful round trip: reply.type == Error).
    bool command(const QList<QByteArray>& args, RespReply& reply, QString& err);

private:
    // 1: a whole reply was parsed from buf_ at pos; 0: more bytes needed; -1: bad protocol.
    int parse(qsizetype& pos, RespReply& out) const;

    QTcpSocket socket_;
    QByteArray buf_;
    int timeout_ms_ = 5000;
};

}  // namespace cairn::tools
