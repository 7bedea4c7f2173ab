#include "tools/cairn-config/resp_client.hpp"

namespace cairn::tools {

bool RespClient::connect_to(const QString& host, quint16 port, int timeout_ms, QString& err) {
    timeout_ms_ = timeout_ms;
    socket_.connectToHost(host, port);
    if (!socket_.waitForConnected(timeout_ms)) {
        err = QStringLiteral("cannot connect to %1:%2: %3")
                  .arg(host)
                  .arg(port)
                  .arg(socket_.errorString());
        return false;
    }
    return true;
}

bool RespClient::command(const QList<QByteArray>& args, RespReply& reply, QString& err) {
    QByteArray req = "*" + QByteArray::number(args.size()) + "\r\n";
    for (const QByteArray& a : args)
        req += "$" + QByteArray::number(a.size()) + "\r\n" + a + "\r\n";
    socket_.write(req);
    if (!socket_.waitForBytesWritten(timeout_ms_)) {
        err = QStringLiteral("write failed: %1").arg(socket_.errorString());
        return false;
    }
    while (true) {
        qsizetype pos = 0;
        int r = parse(pos, reply);
        if (r == 1) {
            buf_.remove(0, pos);
            return true;
        }
        if (r < 0) {
            err = QStringLiteral("protocol error in the server's reply");
            return false;
        }
        if (!socket_.waitForReadyRead(timeout_ms_)) {
            err = QStringLiteral("no reply from the server: %1").arg(socket_.errorString());
            return false;
        }
        buf_ += socket_.readAll();
    }
}

int RespClient::parse(qsizetype& pos, RespReply& out) const {
    qsizetype eol = buf_.indexOf("\r\n", pos);
    if (eol < 0) return 0;
    if (eol == pos) return -1;
    const char kind = buf_[pos];
    const QByteArray line = buf_.mid(pos + 1, eol - pos - 1);
    const qsizetype next = eol + 2;
    bool ok = false;
    out = RespReply{};
    switch (kind) {
        case '+':
        case '-':
            out.type = kind == '+' ? RespReply::Type::Status : RespReply::Type::Error;
            out.text = line;
            pos = next;
            return 1;
        case ':':
            out.type = RespReply::Type::Integer;
            out.integer = line.toLongLong(&ok);
            pos = next;
            return ok ? 1 : -1;
        case '$': {
            const long long len = line.toLongLong(&ok);
            if (!ok || len < -1) return -1;
            if (len == -1) {
                out.type = RespReply::Type::Nil;
                pos = next;
                return 1;
            }
            if (buf_.size() < next + len + 2) return 0;
            out.type = RespReply::Type::Bulk;
            out.text = buf_.mid(next, len);
            pos = next + len + 2;
            return 1;
        }
        case '*': {
            const long long count = line.toLongLong(&ok);
            if (!ok || count < -1) return -1;
            qsizetype at = next;
            if (count == -1) {
                out.type = RespReply::Type::Nil;
                pos = at;
                return 1;
            }
            out.type = RespReply::Type::Array;
            for (long long i = 0; i < count; i++) {
                RespReply element;
                int r = parse(at, element);
                if (r != 1) return r;
                out.elements.push_back(std::move(element));
            }
            pos = at;
            return 1;
        }
        default:
            return -1;
    }
}

}  // namespace cairn::tools
